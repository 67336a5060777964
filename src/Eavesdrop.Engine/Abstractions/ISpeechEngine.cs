namespace Eavesdrop.Engine.Abstractions;

/// <summary>
/// A speech-to-text engine loaded once per process and shared by every session.
/// </summary>
/// <remarks>
/// <see cref="Transcribe"/> is CPU-bound and synchronous: callers (the server's inference
/// scheduler) run it on dedicated inference threads, never on I/O threads. Implementations must
/// be safe to call from several threads at once. A batch holds windows from different sessions;
/// results come back in the same order.
/// </remarks>
public interface ISpeechEngine : IAsyncDisposable
{
    /// <summary>Engine name as reported to clients in <c>server_ready.backend</c>, e.g. <c>whisper-onnx</c>.</summary>
    string Name { get; }

    /// <summary>The model identifier clients may name in <c>setup.options.model</c>.</summary>
    string ModelName { get; }

    EngineCapabilities Capabilities { get; }

    IReadOnlyList<TranscriptionResult> Transcribe(IReadOnlyList<TranscriptionRequest> batch, CancellationToken cancellationToken);
}
