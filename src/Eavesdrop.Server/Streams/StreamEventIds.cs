namespace Eavesdrop.Server.Streams;

/// <summary>Stable log event ids of stream transcription and fan-out (range 4100–4199; 4000s are ingest). Never reuse an id.</summary>
internal static class StreamEventIds
{
    public const string Category = "Eavesdrop.Streams";

    public const int SegmentCompleted = 4100;
    public const int EpochStarted = 4101;
    public const int EpochFinished = 4102;
    public const int WindowFailed = 4103;
    public const int WorkerFailed = 4104;
    public const int SubscriberOverflowed = 4105;
    public const int SubscriberRejected = 4106;
    public const int SubscriberJoined = 4107;
    public const int SubscriberLeft = 4108;
    public const int SubscriberSentControl = 4109;
    public const int StreamsStarting = 4110;
    public const int StreamsStopping = 4111;
    public const int StreamsStopped = 4112;
    public const int FinalFlushAbandoned = 4113;
    public const int LanguageDetected = 4114;
}
