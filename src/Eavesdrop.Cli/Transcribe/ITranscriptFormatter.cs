namespace Eavesdrop.Cli.Transcribe;

/// <summary>Writes a <see cref="FileTranscript"/> in one output format.</summary>
internal interface ITranscriptFormatter
{
    /// <summary>File extension without the dot, used with <c>--output-dir</c>.</summary>
    string Extension { get; }

    void Write(FileTranscript transcript, TextWriter writer);
}
