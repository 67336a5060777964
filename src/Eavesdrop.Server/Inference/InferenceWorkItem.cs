using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Server.Inference;

/// <summary>One queued window and the promise its session awaits.</summary>
internal sealed class InferenceWorkItem
{
    private readonly TaskCompletionSource<TranscriptionResult> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InferenceWorkItem(TranscriptionRequest request, CancellationToken cancellationToken)
    {
        Request = request;
        CancellationToken = cancellationToken;
    }

    public TranscriptionRequest Request { get; }

    public CancellationToken CancellationToken { get; }

    public Task<TranscriptionResult> Task => _completion.Task;

    public bool TryMarkCancelledIfRequested()
    {
        if (!CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        _completion.TrySetCanceled(CancellationToken);
        return true;
    }

    public void Complete(TranscriptionResult result)
    {
        if (CancellationToken.IsCancellationRequested)
        {
            _completion.TrySetCanceled(CancellationToken);
        }
        else
        {
            _completion.TrySetResult(result);
        }
    }

    public void Cancel() => _completion.TrySetCanceled(CancellationToken);

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    /// <summary>A token that fires only when every item's caller has cancelled.</summary>
    public static BatchCancellation LinkAll(IReadOnlyList<InferenceWorkItem> items) => new(items);
}
