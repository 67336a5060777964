namespace Eavesdrop.Tests.Common.Processes;

/// <summary>Which pipe a line came from.</summary>
public enum OutputSource
{
    StandardOutput,
    StandardError,
}

/// <summary>One line a child process wrote, in arrival order.</summary>
public sealed record OutputLine(OutputSource Source, string Text)
{
    public override string ToString() => $"{(Source == OutputSource.StandardOutput ? "out" : "err")}| {Text}";
}
