using System.CommandLine;
using Eavesdrop.Cli.Commands;
using Eavesdrop.Server.Configuration;

namespace Eavesdrop.EndToEnd.Tests.Cli;

/// <summary>In-process checks of how <c>serve</c> parses flags and lays them over the configuration file.</summary>
public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("--port 0")]
    [InlineData("--port 65535 --host 0.0.0.0 --engine SPHINX --log-level Warning --json-logs")]
    [InlineData("-c x.yaml -p 1 -e whisper -m tiny.en")]
    public void Parse_ValidArguments_NoErrors(string commandLine)
    {
        var result = ServeCommand.Create().Parse(commandLine);

        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("--port 65536")]
    [InlineData("--port x")]
    [InlineData("--engine vosk")]
    [InlineData("--log-level verbose")]
    [InlineData("--unknown")]
    public void Parse_InvalidArguments_Errors(string commandLine)
    {
        var result = ServeCommand.Create().Parse(commandLine);

        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void ApplyTo_FlagsGiven_OverrideFileValues()
    {
        var fromFile = new EavesdropOptions
        {
            Server = new ServerOptions { Host = "0.0.0.0", Port = 7000, MaxSessions = 3 },
            Engine = new EngineOptions { Name = "whisper", Model = "base", MaxBatchSize = 2 },
        };

        var options = new ServeOverrides("127.0.0.2", 7001, "Sphinx", "/models/en").ApplyTo(fromFile);

        Assert.Equal(new ServerOptions { Host = "127.0.0.2", Port = 7001, MaxSessions = 3 }, options.Server);
        Assert.Equal(new EngineOptions { Name = "sphinx", Model = "/models/en", MaxBatchSize = 2 }, options.Engine);
    }

    [Fact]
    public void ApplyTo_NoFlags_KeepsFileValues()
    {
        var fromFile = new EavesdropOptions { Server = new ServerOptions { Host = "0.0.0.0", Port = 7000 } };

        var options = new ServeOverrides(null, null, null, null).ApplyTo(fromFile);

        Assert.Equal(fromFile, options);
    }
}
