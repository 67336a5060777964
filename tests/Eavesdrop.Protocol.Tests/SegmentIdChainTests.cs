using System.Text;

namespace Eavesdrop.Protocol.Tests;

public class SegmentIdChainTests
{
    // An independent bit-by-bit CRC-64/ECMA-182, to check the library against.
    private static ulong ReferenceCrc64(string text)
    {
        const ulong poly = 0x42F0E1EBA9EA3693;
        ulong crc = 0;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            crc ^= (ulong)b << 56;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000000000000000) != 0 ? (crc << 1) ^ poly : crc << 1;
            }
        }

        return crc;
    }

    [Fact]
    public void Crc64Ecma182_CheckString_MatchesCatalogueCheckValue()
    {
        Assert.Equal(0x6C40DF5F0B497347UL, SegmentIdChain.Crc64Ecma182("123456789"u8));
        Assert.Equal(0x6C40DF5F0B497347UL, ReferenceCrc64("123456789"));
    }

    [Fact]
    public void Crc64Ecma182_Zero_IsTheBaselineId()
    {
        Assert.Equal(12269926345859042865UL, SegmentIdChain.Crc64Ecma182("0"u8));
        Assert.Equal(SegmentIdChain.BaselineId, SegmentIdChain.Crc64Ecma182("0"u8));
    }

    [Fact]
    public void Complete_ThreeSegments_ChainsDecimalIdAndTrimmedText()
    {
        var chain = new SegmentIdChain();
        Assert.Equal(SegmentIdChain.BaselineId, chain.LastCompletedId);

        var first = chain.Complete(" And so, my fellow Americans, ");
        var second = chain.Complete("ask not what your country can do for you,");
        var third = chain.Complete(" ask what you can do for your country. ");

        var expectedFirst = ReferenceCrc64("12269926345859042865And so, my fellow Americans,");
        var expectedSecond = ReferenceCrc64(expectedFirst + "ask not what your country can do for you,");
        var expectedThird = ReferenceCrc64(expectedSecond + "ask what you can do for your country.");
        Assert.Equal(expectedFirst, first);
        Assert.Equal(expectedSecond, second);
        Assert.Equal(expectedThird, third);
        Assert.Equal(third, chain.LastCompletedId);
    }

    [Fact]
    public void NextId_NonAsciiAndLongText_HashesUtf8()
    {
        var longText = string.Concat(Enumerable.Repeat("Grüße aus Köln — ", 100));

        Assert.Equal(ReferenceCrc64("42Grüße"), SegmentIdChain.NextId(42, "  Grüße\n"));
        Assert.Equal(ReferenceCrc64("7" + longText.Trim()), SegmentIdChain.NextId(7, longText));
    }

    [Fact]
    public void Reset_AfterCompletions_RestartsAtBaseline()
    {
        var chain = new SegmentIdChain();
        var first = chain.Complete("hello");
        chain.Complete("world");

        chain.Reset();

        Assert.Equal(SegmentIdChain.BaselineId, chain.LastCompletedId);
        Assert.Equal(first, chain.Complete("hello"));
    }
}
