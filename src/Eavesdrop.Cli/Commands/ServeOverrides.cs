using Eavesdrop.Server.Configuration;

namespace Eavesdrop.Cli.Commands;

/// <summary>The <c>serve</c> flags that were given on the command line; null = not given, keep the file's value.</summary>
internal sealed record ServeOverrides(string? Host, int? Port, string? Engine, string? Model)
{
    public EavesdropOptions ApplyTo(EavesdropOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Server = options.Server with
            {
                Host = Host ?? options.Server.Host,
                Port = Port ?? options.Server.Port,
            },
            Engine = options.Engine with
            {
                Name = Engine?.ToLowerInvariant() ?? options.Engine.Name,
                Model = Model ?? options.Engine.Model,
            },
        };
    }
}
