namespace Eavesdrop.Engine.Abstractions;

/// <summary>The engine layer's one domain exception: a model that cannot be loaded or run.</summary>
public sealed class EngineException : Exception
{
    public EngineException(string message)
        : base(message)
    {
    }

    public EngineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EngineException()
    {
    }
}
