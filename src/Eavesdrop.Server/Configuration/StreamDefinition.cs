namespace Eavesdrop.Server.Configuration;

/// <summary>One RTSP stream: its name (the key under <c>streams:</c>) and URL.</summary>
public sealed record StreamDefinition(string Name, Uri Url);
