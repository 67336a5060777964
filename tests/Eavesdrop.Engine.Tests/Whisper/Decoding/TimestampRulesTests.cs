using Eavesdrop.Engine.Whisper.Decoding;

namespace Eavesdrop.Engine.Tests.Whisper.Decoding;

/// <summary>openai/whisper's ApplyTimestampRules on constructed logits (a toy vocabulary: text 0–9, EOT 10, no-timestamps 15, timestamps 20–39).</summary>
public sealed class TimestampRulesTests
{
    private const int Eot = 10;
    private const int NoTimestamps = 15;
    private const int TsBegin = 20;
    private const int Vocab = 40;

    private static readonly TimestampRules Rules = new(Eot, NoTimestamps, TsBegin, maxInitialTimestampIndex: 3);

    private static float[] Flat(float value = 0f)
    {
        var logits = new float[Vocab];
        Array.Fill(logits, value);
        return logits;
    }

    private static bool Allowed(float[] logits, int token) => !float.IsNegativeInfinity(logits[token]);

    [Fact]
    public void Apply_FirstToken_OnlyTimestampsUpToMaxInitial()
    {
        var logits = Flat();
        Rules.Apply(logits, []);
        Assert.All(Enumerable.Range(0, TsBegin), t => Assert.False(Allowed(logits, t)));
        Assert.All(Enumerable.Range(TsBegin, 4), t => Assert.True(Allowed(logits, t)));
        Assert.All(Enumerable.Range(TsBegin + 4, Vocab - TsBegin - 4), t => Assert.False(Allowed(logits, t)));
    }

    [Fact]
    public void Apply_AfterLoneTimestampFollowingText_ForbidsTextAndEarlierTimestamps()
    {
        var logits = Flat();
        logits[Eot] = 10f; // likelier than all timestamps together, so no timestamp is forced
        Rules.Apply(logits, [TsBegin + 1, 3, 4, TsBegin + 5]);
        Assert.All(Enumerable.Range(0, Eot), t => Assert.False(Allowed(logits, t)));
        Assert.True(Allowed(logits, Eot));
        Assert.False(Allowed(logits, TsBegin + 4));
        Assert.True(Allowed(logits, TsBegin + 5)); // the closing timestamp may repeat the opening one of the next segment
        Assert.True(Allowed(logits, TsBegin + 6));
    }

    [Fact]
    public void Apply_AfterTimestampPair_ForbidsTimestamps()
    {
        var logits = Flat();
        Rules.Apply(logits, [TsBegin + 1, 3, TsBegin + 5, TsBegin + 5]);
        Assert.All(Enumerable.Range(TsBegin, Vocab - TsBegin), t => Assert.False(Allowed(logits, t)));
        Assert.True(Allowed(logits, 3));
        Assert.True(Allowed(logits, Eot));
    }

    [Fact]
    public void Apply_AfterText_TimestampsMustNotGoBackOrRepeat()
    {
        var logits = Flat(-5f);
        logits[2] = 10f; // text clearly wins, so no forcing
        Rules.Apply(logits, [TsBegin + 1, 3, TsBegin + 5, TsBegin + 6, 7]);
        Assert.False(Allowed(logits, TsBegin + 6));
        Assert.True(Allowed(logits, TsBegin + 7));
        Assert.True(Allowed(logits, 2));
    }

    [Fact]
    public void Apply_NoTimestampsToken_AlwaysSuppressed()
    {
        var logits = Flat();
        logits[NoTimestamps] = 100f;
        Rules.Apply(logits, [TsBegin, 1]);
        Assert.False(Allowed(logits, NoTimestamps));
    }

    [Fact]
    public void Apply_TimestampMassAboveBestText_ForcesTimestamp()
    {
        var logits = Flat(-10f);
        logits[1] = 2f; // best text token
        for (int t = TsBegin; t < Vocab; t++)
        {
            logits[t] = 0f; // each below the text token, but 20 of them together are likelier
        }

        Rules.Apply(logits, [TsBegin, 1]);
        Assert.False(Allowed(logits, 1));
        Assert.True(Allowed(logits, TsBegin + 2));
    }

    [Fact]
    public void Apply_TextAboveTimestampMass_KeepsText()
    {
        var logits = Flat(-10f);
        logits[1] = 6f;
        for (int t = TsBegin; t < Vocab; t++)
        {
            logits[t] = 0f;
        }

        Rules.Apply(logits, [TsBegin, 1]);
        Assert.True(Allowed(logits, 1));
        Assert.Equal(1, LogProbs.ArgMax(logits));
    }
}
