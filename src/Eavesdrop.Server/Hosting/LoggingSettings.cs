using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Hosting;

/// <summary>How the process logs: human console lines or JSON, and the minimum level.</summary>
public sealed record LoggingSettings(bool Json, LogLevel MinimumLevel);
