using System.Diagnostics;
using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Whisper.Decoding;

namespace Eavesdrop.Engine.Tests.Whisper.Decoding;

public sealed class FallbackAndCompressionTests
{
    private static readonly DecodingOptions Options = new() { CompressionRatioThreshold = 2.4f, LogProbThreshold = -1f, NoSpeechThreshold = 0.6f };

    private static WindowResult Result(double avgLogProb, double compression, double noSpeech, int tokens = 9)
        => new() { Tokens = new int[tokens], Text = "x", SumLogProb = avgLogProb * (tokens + 1), NoSpeechProb = noSpeech, CompressionRatio = compression, Temperature = 0 };

    [Theory]
    [InlineData(-0.5, 1.5, 0.1, false)] // good result
    [InlineData(-0.5, 2.5, 0.1, true)] // too repetitive
    [InlineData(-1.5, 1.5, 0.1, true)] // too unlikely
    [InlineData(-1.5, 2.5, 0.9, false)] // silence: no point in retrying
    public void NeedsFallback_Thresholds_AsWhisper(double avgLogProb, double compression, double noSpeech, bool expected)
        => Assert.Equal(expected, FallbackPolicy.NeedsFallback(Result(avgLogProb, compression, noSpeech), Options));

    [Theory]
    [InlineData(-1.5, 0.9, true)]
    [InlineData(-0.5, 0.9, false)] // confident text despite the no-speech token
    [InlineData(-1.5, 0.3, false)]
    public void IsSilence_NoSpeechAndLowLogProb(double avgLogProb, double noSpeech, bool expected)
        => Assert.Equal(expected, FallbackPolicy.IsSilence(Result(avgLogProb, 1.2, noSpeech), Options));

    [Fact]
    public void AvgLogProb_CountsEndOfText()
    {
        var r = new WindowResult { Tokens = [1, 2, 3], Text = "", SumLogProb = -2.0, NoSpeechProb = 0, CompressionRatio = 0, Temperature = 0 };
        Assert.Equal(-0.5, r.AvgLogProb, 12);
    }

    [Theory]
    [InlineData("And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.")]
    [InlineData(" the the the the the the the the the the the the the the the the the the the the the the the the")]
    [InlineData("Ünïcödé ✓ text, with some words and some more words.")]
    [InlineData("hello")]
    public void CompressionRatio_MatchesPythonZlib(string text)
    {
        var expected = PythonCompressionRatio(text);
        Assert.Equal(expected, CompressionRatio.Of(text), 6);
    }

    [Fact]
    public void CompressionRatio_RepetitiveTextAboveWhisperThreshold()
    {
        Assert.True(CompressionRatio.Of(string.Concat(Enumerable.Repeat(" I'm sorry.", 20))) > 2.4);
        Assert.True(CompressionRatio.Of("And so my fellow Americans, ask not what your country can do for you.") < 2.4);
    }

    private static double PythonCompressionRatio(string text)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import sys, zlib; b = sys.stdin.buffer.read(); print(repr(len(b) / len(zlib.compress(b))))");
        using var p = Process.Start(psi)!;
        p.StandardInput.BaseStream.Write(System.Text.Encoding.UTF8.GetBytes(text));
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return double.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
