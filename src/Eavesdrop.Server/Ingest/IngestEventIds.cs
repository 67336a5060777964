namespace Eavesdrop.Server.Ingest;

/// <summary>Stable log event ids of the ingest subsystem (range 4000–4099; 3000s are taken by inference and the model store). Never reuse an id.</summary>
internal static class IngestEventIds
{
    public const string Category = "Eavesdrop.Ingest";

    public const int Connecting = 4000;
    public const int FfmpegStarted = 4001;
    public const int Transcribing = 4002;
    public const int Reconnecting = 4003;
    public const int Stopped = 4004;
    public const int FfmpegError = 4005;
    public const int FfmpegOutput = 4006;
    public const int NoDataTimeout = 4007;
    public const int TerminatingFfmpeg = 4008;
    public const int KillingFfmpeg = 4009;
    public const int FfmpegStartFailed = 4010;
    public const int FfmpegExited = 4011;
    public const int StatusHandlerFailed = 4012;
    public const int IngestFailed = 4013;
}
