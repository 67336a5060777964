namespace Eavesdrop.Server.Transport;

/// <summary>Why a transcriber session ended; picks the close status and the disconnect text.</summary>
internal enum SessionOutcome
{
    EndOfAudio,
    ClientClosed,
    ClientVanished,
    ServerShutdown,
    IdleTimeout,
    SessionTooLong,
    FrameTooLarge,
}
