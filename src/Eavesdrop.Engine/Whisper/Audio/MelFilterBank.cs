using System.Collections.Concurrent;
using System.IO.Compression;
using Eavesdrop.Engine.Whisper.Assets;

namespace Eavesdrop.Engine.Whisper.Audio;

/// <summary>
/// Whisper's mel filterbank (librosa's slaney-normalised filters for 16 kHz, n_fft 400) from the shipped
/// <c>mel_filters.npz</c>. Each filter is non-zero over a short run of FFT bins only, so the filters are kept
/// as (first bin, weights) pairs and applied as short dot products instead of a dense matrix product.
/// </summary>
internal sealed class MelFilterBank
{
    public const int FftBins = LogMelSpectrogram.FftSize / 2 + 1;

    private static readonly ConcurrentDictionary<int, MelFilterBank> s_shipped = new();

    private readonly int[] _firstBin;
    private readonly float[][] _weights;

    private MelFilterBank(int melBins, float[] dense)
    {
        MelBins = melBins;
        _firstBin = new int[melBins];
        _weights = new float[melBins][];
        for (var mel = 0; mel < melBins; mel++)
        {
            var row = dense.AsSpan(mel * FftBins, FftBins);
            var first = row.IndexOfAnyExcept(0f);
            if (first < 0)
            {
                _weights[mel] = [];
                continue;
            }

            var last = row.LastIndexOfAnyExcept(0f);
            _firstBin[mel] = first;
            _weights[mel] = row[first..(last + 1)].ToArray();
        }
    }

    public int MelBins { get; }

    /// <summary>The shipped filterbank with 80 (all models before large-v3) or 128 (large-v3, large-v3-turbo) bins.</summary>
    public static MelFilterBank Shipped(int melBins)
    {
        if (melBins is not (80 or 128))
        {
            throw new ArgumentOutOfRangeException(nameof(melBins), melBins, "Whisper models use 80 or 128 mel bins.");
        }

        return s_shipped.GetOrAdd(melBins, static bins =>
        {
            using var stream = WhisperAssets.Open(WhisperAssets.MelFilters);
            return Read(stream, bins);
        });
    }

    /// <summary>Reads <c>mel_{melBins}</c> from a NumPy <c>.npz</c> (a zip of <c>.npy</c> files).</summary>
    public static MelFilterBank Read(Stream npz, int melBins)
    {
        using var archive = new ZipArchive(npz, ZipArchiveMode.Read, leaveOpen: true);
        var entryName = $"mel_{melBins}.npy";
        var entry = archive.GetEntry(entryName)
            ?? throw new InvalidDataException($"The mel filter archive has no '{entryName}'.");
        using var entryStream = entry.Open();
        var array = NpyArray.Read(entryStream, entryName);
        if (array.Shape.Count != 2 || array.Shape[0] != melBins || array.Shape[1] != FftBins)
        {
            throw new InvalidDataException(
                $"'{entryName}' has shape ({string.Join(", ", array.Shape)}), expected ({melBins}, {FftBins}).");
        }

        return new MelFilterBank(melBins, array.Data);
    }

    /// <summary>Applies filter <paramref name="mel"/> to one frame's power spectrum (<see cref="FftBins"/> values).</summary>
    public float Apply(int mel, ReadOnlySpan<float> powerSpectrum)
    {
        var weights = _weights[mel];
        return System.Numerics.Tensors.TensorPrimitives.Dot(weights, powerSpectrum.Slice(_firstBin[mel], weights.Length));
    }
}
