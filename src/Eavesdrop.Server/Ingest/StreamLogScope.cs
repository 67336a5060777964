using System.Collections;

namespace Eavesdrop.Server.Ingest;

/// <summary>The <c>stream</c> property bound to every log line of one stream's task (Serilog reads it from the scope).</summary>
internal sealed class StreamLogScope(string streamName) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string PropertyName = "stream";

    private readonly string _text = $"{PropertyName}={streamName}";

    public string StreamName { get; } = streamName;

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new(PropertyName, StreamName) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => _text;
}
