using Eavesdrop.Server.Configuration;

namespace Eavesdrop.Server.Streams;

/// <summary>The hub of every configured stream, by name (case-sensitive, as in the YAML), in configuration order.</summary>
internal sealed class StreamHubs
{
    private readonly Dictionary<string, StreamHub> _byName;

    public StreamHubs(EavesdropOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        All = options.Streams.Select(s => new StreamHub(s.Name, options.History, time)).ToList();
        _byName = All.ToDictionary(h => h.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<StreamHub> All { get; }

    public IEnumerable<string> Names => All.Select(h => h.Name);

    public bool TryGet(string name, out StreamHub hub) => _byName.TryGetValue(name, out hub!);

    /// <summary>Closes every hub (server shutdown).</summary>
    public void CompleteAll()
    {
        foreach (var hub in All)
        {
            hub.Complete();
        }
    }
}
