using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Tests.Fakes;

/// <summary>Captures log lines (with their scopes) so tests can assert on them and show them on failure.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(ListLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = string.Empty;
            provider._scopes.ForEachScope((s, _) => scope += $"[{s}]", (object?)null);
            provider.Lines.Enqueue($"{logLevel} {category} {scope} {formatter(state, exception)} {exception}");
        }
    }
}
