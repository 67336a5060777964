namespace Eavesdrop.Protocol.Tests;

public class ClientKindsTests
{
    [Theory]
    [InlineData(null, ClientKind.Transcriber)]
    [InlineData("", ClientKind.Transcriber)]
    [InlineData("transcriber", ClientKind.Transcriber)]
    [InlineData("rtsp_subscriber", ClientKind.RtspSubscriber)]
    [InlineData(" RTSP_Subscriber ", ClientKind.RtspSubscriber)]
    [InlineData("health_check", ClientKind.HealthCheck)]
    public void TryParse_KnownValue_ReturnsKind(string? value, ClientKind expected)
    {
        Assert.True(ClientKinds.TryParse(value, out var kind));
        Assert.Equal(expected, kind);
    }

    [Fact]
    public void TryParse_UnknownValue_IsFalse() => Assert.False(ClientKinds.TryParse("viewer", out _));

    [Theory]
    [InlineData(ClientKind.Transcriber, "transcriber")]
    [InlineData(ClientKind.RtspSubscriber, "rtsp_subscriber")]
    [InlineData(ClientKind.HealthCheck, "health_check")]
    public void ToWireValue_Kind_IsTheHeaderValue(ClientKind kind, string expected) =>
        Assert.Equal(expected, ClientKinds.ToWireValue(kind));

    [Fact]
    public void ParseStreamNames_MessyList_TrimsAndDropsEmptiesAndDuplicates()
    {
        Assert.Equal(["office", "kitchen"], ClientKinds.ParseStreamNames(" office, ,kitchen,office,"));
        Assert.Empty(ClientKinds.ParseStreamNames(null));
        Assert.Equal("office,kitchen", ClientKinds.FormatStreamNames(["office", "kitchen"]));
    }

    [Fact]
    public void HeaderAndQueryNames_MatchTheProtocol()
    {
        Assert.Equal("X-Client-Type", ProtocolHeaders.ClientType);
        Assert.Equal("X-Stream-Names", ProtocolHeaders.StreamNames);
        Assert.Equal("client_type", ProtocolQueryParameters.ClientType);
        Assert.Equal("streams", ProtocolQueryParameters.Streams);
        Assert.Equal("token", ProtocolQueryParameters.Token);
    }
}
