using Eavesdrop.Cli.Transcribe;
using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.EndToEnd.Tests.Transcribe;

/// <summary>The window walk on a scripted engine; the real engines run through the executable in <see cref="TranscribeExecutableTests"/>.</summary>
public sealed class FileTranscriberTests
{
    private const int Rate = TranscriptionRequest.SampleRate;

    [Fact]
    public void Transcribe_LongFile_ResumesEachWindowAtItsLastSegmentAndTimesSegmentsFromTheFileStart()
    {
        // Every window answers two segments: [0, 10) and [20, window end). The second may be cut by the
        // window edge, so the walk keeps only the first and resumes at 20 s into the window. The window
        // at 40 s reaches the end of the file, so both of its segments are kept.
        var engine = new ScriptedEngine(window => window.Seconds >= 25
            ? [Segment(0, 10, "a"), Segment(20, window.Seconds, "b")]
            : [Segment(0, window.Seconds, "tail")]);
        var audio = Ramp(70);

        var transcript = new FileTranscriber(engine, DecodingOptions.Default).Transcribe("f.wav", audio, null, TestContext.Current.CancellationToken);

        Assert.Equal([0.0, 20.0, 40.0], engine.Windows.Select(w => w.StartSeconds));
        Assert.Equal([(0.0, 10.0), (20.0, 30.0), (40.0, 50.0), (60.0, 70.0)], transcript.Segments.Select(s => (s.Start, s.End)));
        Assert.Equal([0, 2000, 4000, 4000], transcript.Segments.Select(s => s.Seek));
        Assert.Equal(70.0, transcript.Duration);
    }

    [Fact]
    public void Transcribe_WindowWithOneSegment_ConsumesTheWholeWindow()
    {
        var engine = new ScriptedEngine(window => [Segment(1, 2, "x")]);

        var transcript = new FileTranscriber(engine, DecodingOptions.Default).Transcribe("f.wav", Ramp(65), null, TestContext.Current.CancellationToken);

        Assert.Equal([0.0, 30.0, 60.0], engine.Windows.Select(w => w.StartSeconds));
        Assert.Equal([30.0, 30.0, 5.0], engine.Windows.Select(w => w.Seconds));
        Assert.Equal([1.0, 31.0, 61.0], transcript.Segments.Select(s => s.Start));
    }

    [Fact]
    public void Transcribe_DetectedLanguage_IsForcedOnLaterWindowsWithThePreviousTextAsPrompt()
    {
        var engine = new ScriptedEngine(window => [Segment(0, 5, "hola")], detectedLanguage: "es");

        var transcript = new FileTranscriber(engine, DecodingOptions.Default).Transcribe("f.wav", Ramp(45), null, TestContext.Current.CancellationToken);

        Assert.Equal("es", transcript.Language);
        Assert.Null(engine.Windows[0].Options.Language);
        Assert.Equal("es", engine.Windows[1].Options.Language);
        Assert.Null(engine.Windows[0].Options.PreviousText);
        Assert.Equal("hola", engine.Windows[1].Options.PreviousText);
    }

    [Fact]
    public void Transcribe_ReportsProgressUpToTheDuration()
    {
        var engine = new ScriptedEngine(window => []);
        var reports = new List<double>();

        new FileTranscriber(engine, DecodingOptions.Default).Transcribe("f.wav", Ramp(50), reports.Add, TestContext.Current.CancellationToken);

        Assert.Equal([30.0, 50.0], reports);
    }

    private static EngineSegment Segment(double start, double end, string text) => new() { Start = start, End = end, Text = text };

    private sealed record Window(double StartSeconds, double Seconds, DecodingOptions Options);

    /// <summary>Sample i holds the value i, so an engine can tell where in the file its window starts.</summary>
    private static float[] Ramp(int seconds) => [.. Enumerable.Range(0, seconds * Rate).Select(i => (float)i)];

    private sealed class ScriptedEngine(Func<Window, IReadOnlyList<EngineSegment>> script, string? detectedLanguage = null) : ISpeechEngine
    {
        public List<Window> Windows { get; } = [];

        public string Name => "scripted";

        public string ModelName => "script";

        public EngineCapabilities Capabilities { get; } = new() { Languages = ["en", "es"] };

        public IReadOnlyList<TranscriptionResult> Transcribe(IReadOnlyList<TranscriptionRequest> batch, CancellationToken cancellationToken)
        {
            var request = Assert.Single(batch);
            var window = new Window(request.Audio.Span[0] / Rate, request.Audio.Length / (double)Rate, request.Options);
            Windows.Add(window);
            var segments = script(window);
            return [new TranscriptionResult { Segments = segments, Language = request.Options.Language ?? detectedLanguage }];
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
