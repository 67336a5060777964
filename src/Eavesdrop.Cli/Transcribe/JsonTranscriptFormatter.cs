using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Eavesdrop.Cli.Transcribe;

/// <summary>
/// One JSON object per file: <c>file, engine, model, language, duration, text, segments[]</c>; each
/// segment carries PROTOCOL.md's fields (<c>id, seek, start, end, text, tokens, avg_logprob,
/// compression_ratio, no_speech_prob, temperature?, words?</c>).
/// </summary>
internal sealed class JsonTranscriptFormatter(bool indented = true) : ITranscriptFormatter
{
    public string Extension => "json";

    public void Write(FileTranscript transcript, TextWriter writer)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("file", transcript.Source);
            json.WriteString("engine", transcript.Engine);
            json.WriteString("model", transcript.Model);
            if (transcript.Language is null)
            {
                json.WriteNull("language");
            }
            else
            {
                json.WriteString("language", transcript.Language);
            }

            json.WriteNumber("duration", Round(transcript.Duration));
            json.WriteString("text", transcript.Text);
            json.WriteStartArray("segments");
            var id = 0;
            foreach (var segment in transcript.Segments)
            {
                json.WriteStartObject();
                json.WriteNumber("id", id++);
                json.WriteNumber("seek", segment.Seek);
                json.WriteNumber("start", Round(segment.Start));
                json.WriteNumber("end", Round(segment.End));
                json.WriteString("text", segment.Text);
                json.WriteStartArray("tokens");
                foreach (var token in segment.Tokens)
                {
                    json.WriteNumberValue(token);
                }

                json.WriteEndArray();
                json.WriteNumber("avg_logprob", Round(segment.AvgLogProb));
                json.WriteNumber("compression_ratio", Round(segment.CompressionRatio));
                json.WriteNumber("no_speech_prob", Round(segment.NoSpeechProb));
                if (segment.Temperature is { } temperature)
                {
                    json.WriteNumber("temperature", Round(temperature));
                }

                if (segment.Words is { } words)
                {
                    json.WriteStartArray("words");
                    foreach (var word in words)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("start", Round(word.Start));
                        json.WriteNumber("end", Round(word.End));
                        json.WriteString("word", word.Word);
                        json.WriteNumber("probability", Round(word.Probability));
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <summary>Millisecond precision; non-finite values (a log-prob of −∞) become the most negative double JSON can hold.</summary>
    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 3) : (value > 0 ? double.MaxValue : double.MinValue);
}
