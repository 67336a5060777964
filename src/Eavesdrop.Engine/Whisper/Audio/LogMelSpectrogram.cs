using System.Numerics;
using System.Numerics.Tensors;

namespace Eavesdrop.Engine.Whisper.Audio;

/// <summary>
/// Whisper's log-mel front end, the recipe of openai/whisper's <c>audio.log_mel_spectrogram</c> (equal to float
/// rounding: within 1e-5 of a float64 numpy implementation):
/// 16 kHz audio, 400-sample periodic Hann window, hop 160, centred STFT with reflect padding, the last frame
/// dropped, power spectrum, mel filters from <c>mel_filters.npz</c>, <c>log10(max(x, 1e-10))</c>, values below
/// <c>max − 8</c> raised to it, then <c>(x + 4) / 4</c>. One instance per model, shared: thread-safe.
/// </summary>
/// <remarks>
/// <see cref="Compute(ReadOnlySpan{float}, int, Span{float})"/> is what whisper's <c>transcribe()</c> feeds the
/// encoder: <c>log_mel_spectrogram(audio, padding=N_SAMPLES)[:, :frames]</c>. The audio is followed by 30 s of
/// zeros, the spectrogram of that whole signal is taken (so the <c>max − 8</c> floor is over every frame of
/// it, including frames past <c>frames</c> when the audio is longer), and its first
/// <c>frames</c> columns are returned. Frames whose window holds only padding have mel energy 0 and are
/// not transformed. <see cref="ComputeUnpadded"/> is <c>log_mel_spectrogram(audio)</c> with no padding.
/// Whisper's whole-file spectrogram, <c>log_mel_spectrogram(audio, padding=N_SAMPLES)</c> with all its frames,
/// is <c>Compute(audio, ContentFrames(audio.Length) + FramesPer30Seconds)</c>; <see cref="SliceFrames"/> cuts
/// 30 s windows out of it the way <c>transcribe()</c> does.
/// </remarks>
internal sealed class LogMelSpectrogram
{
    public const int SampleRate = 16000;
    public const int HopLength = 160;
    public const int FftSize = 400;
    public const int FramesPer30Seconds = 3000;
    public const int SamplesPer30Seconds = SampleRate * 30;

    private const float MinimumEnergy = 1e-10f;
    private const float DynamicRangeLog10 = 8f;
    private const int HalfWindow = FftSize / 2;

    private static readonly RealFft s_fft = new(FftSize);
    private static readonly float[] s_window = PeriodicHann(FftSize);

    [ThreadStatic]
    private static Workspace? t_workspace;

    private readonly MelFilterBank _filters;

    /// <summary>Creates the front end for 80 or 128 mel bins, with the filters shipped in the engine.</summary>
    public LogMelSpectrogram(int melBins)
        : this(MelFilterBank.Shipped(melBins))
    {
    }

    internal LogMelSpectrogram(MelFilterBank filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        _filters = filters;
    }

    public int MelBins => _filters.MelBins;

    /// <summary>Frames of content in <paramref name="samples"/> samples (whisper: <c>samples // HOP_LENGTH</c>).</summary>
    public static int ContentFrames(int samples) => samples / HopLength;

    /// <summary>
    /// Log-mel of <paramref name="audio"/> zero-padded (or trimmed) to <paramref name="frames"/> frames:
    /// <c>log_mel_spectrogram(audio, padding=N_SAMPLES)[:, :frames]</c>. Output is row-major
    /// [<see cref="MelBins"/>, <paramref name="frames"/>].
    /// </summary>
    public void Compute(ReadOnlySpan<float> audio, int frames, Span<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        var signalLength = checked(audio.Length + SamplesPer30Seconds);
        // Beyond the spectrogram of audio + 30 s of zeros lie only more silent frames.
        signalLength = Math.Max(signalLength, checked(frames * HopLength));
        ComputeCore(audio, signalLength, frames, output);
    }

    /// <inheritdoc cref="Compute(ReadOnlySpan{float}, int, Span{float})"/>
    public float[] Compute(ReadOnlySpan<float> audio, int frames = FramesPer30Seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        var output = new float[checked(MelBins * frames)];
        Compute(audio, frames, output);
        return output;
    }

    /// <summary>
    /// Copies frames [<paramref name="startFrame"/>, <paramref name="startFrame"/> + <paramref name="frames"/>) of a
    /// row-major [<paramref name="melBins"/>, <paramref name="totalFrames"/>] spectrogram into
    /// <paramref name="destination"/> ([melBins, frames]); frames past the end are 0, as whisper's
    /// <c>pad_or_trim(mel[:, seek:seek + n], N_FRAMES)</c> does when it windows a whole file's spectrogram.
    /// </summary>
    public static void SliceFrames(ReadOnlySpan<float> mel, int melBins, int totalFrames, int startFrame, int frames, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startFrame);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        if (mel.Length < checked(melBins * totalFrames) || destination.Length < checked(melBins * frames))
        {
            throw new ArgumentException($"The spectrogram needs {melBins} × {totalFrames} values and the destination {melBins} × {frames}.");
        }

        var available = Math.Clamp(totalFrames - startFrame, 0, frames);
        for (var bin = 0; bin < melBins; bin++)
        {
            var row = destination.Slice(bin * frames, frames);
            if (available > 0)
            {
                mel.Slice((bin * totalFrames) + startFrame, available).CopyTo(row);
            }

            row[available..].Clear();
        }
    }

    /// <summary>
    /// Log-mel of exactly <paramref name="audio"/>, no padding (<c>log_mel_spectrogram(audio)</c>):
    /// <see cref="ContentFrames"/>(audio.Length) frames, row-major [<see cref="MelBins"/>, frames].
    /// </summary>
    public float[] ComputeUnpadded(ReadOnlySpan<float> audio)
    {
        var frames = ContentFrames(audio.Length);
        var output = new float[checked(MelBins * frames)];
        ComputeCore(audio, audio.Length, frames, output);
        return output;
    }

    // The signal is `audio` followed by zeros up to `signalLength` samples. Writes its first `outputFrames`
    // log-mel frames; the dynamic-range floor is taken over all signalLength / hop frames.
    private void ComputeCore(ReadOnlySpan<float> audio, int signalLength, int outputFrames, Span<float> output)
    {
        var melBins = MelBins;
        var outputLength = checked(melBins * outputFrames);
        if (output.Length < outputLength)
        {
            throw new ArgumentException(
                $"The output needs {melBins} × {outputFrames} = {outputLength} values; it has {output.Length}.", nameof(output));
        }

        output = output[..outputLength];
        var totalFrames = signalLength / HopLength;
        // A frame centred at t·hop reads samples [t·hop − 200, t·hop + 200); past the audio it reads zeros only
        // (padding always leaves ≥ 200 zeros before the end, so reflection at the end never reaches audio).
        var audibleFrames = Math.Min(totalFrames, audio.IsEmpty ? 0 : ((audio.Length + HalfWindow - 1) / HopLength) + 1);
        var workspace = t_workspace ??= new Workspace();
        var frame = workspace.Frame;
        var power = workspace.Power;
        var block = workspace.MelBlock(melBins);
        var maxEnergy = 0f;

        // Frames are computed in blocks, frame-major, then written to the [mel, frame] output one contiguous
        // run per mel row instead of one scattered value per row and frame.
        for (var first = 0; first < audibleFrames; first += Workspace.BlockFrames)
        {
            var count = Math.Min(Workspace.BlockFrames, audibleFrames - first);
            for (var i = 0; i < count; i++)
            {
                FillWindowedFrame(audio, signalLength, first + i, frame);
                s_fft.PowerSpectrum(frame, power, workspace.FftScratch);
                var energies = block.Slice(i * melBins, melBins);
                for (var mel = 0; mel < melBins; mel++)
                {
                    energies[mel] = _filters.Apply(mel, power);
                }
            }

            var computed = block[..(count * melBins)];
            maxEnergy = MathF.Max(maxEnergy, TensorPrimitives.Max(computed));
            // Frames past the output still count towards the dynamic-range floor above.
            var stored = Math.Min(count, outputFrames - first);
            for (var mel = 0; mel < melBins && stored > 0; mel++)
            {
                var row = output.Slice((mel * outputFrames) + first, stored);
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = block[(i * melBins) + mel];
                }
            }
        }

        if (audibleFrames < outputFrames)
        {
            for (var mel = 0; mel < melBins; mel++)
            {
                output.Slice((mel * outputFrames) + audibleFrames, outputFrames - audibleFrames).Clear();
            }
        }

        var floor = MathF.Log10(MathF.Max(maxEnergy, MinimumEnergy)) - DynamicRangeLog10;
        TensorPrimitives.Max(output, MinimumEnergy, output);
        TensorPrimitives.Log10(output, output);
        TensorPrimitives.Max(output, floor, output);
        TensorPrimitives.Add(output, 4f, output);
        TensorPrimitives.Multiply(output, 0.25f, output);
    }

    private static void FillWindowedFrame(ReadOnlySpan<float> audio, int signalLength, int frameIndex, Span<float> frame)
    {
        var start = (frameIndex * HopLength) - HalfWindow;
        if (start >= 0 && start + FftSize <= audio.Length)
        {
            TensorPrimitives.Multiply(audio.Slice(start, FftSize), s_window, frame);
            return;
        }

        for (var n = 0; n < FftSize; n++)
        {
            var index = Reflect(start + n, signalLength);
            frame[n] = index < audio.Length ? audio[index] * s_window[n] : 0f;
        }
    }

    // numpy/torch "reflect" padding (the edge sample is not repeated), folded again for signals shorter than the pad.
    private static int Reflect(int index, int length)
    {
        if (length == 1)
        {
            return 0;
        }

        var period = 2 * (length - 1);
        index %= period;
        if (index < 0)
        {
            index += period;
        }

        return index < length ? index : period - index;
    }

    private static float[] PeriodicHann(int length)
    {
        var window = new float[length];
        for (var n = 0; n < length; n++)
        {
            window[n] = (float)(0.5 - (0.5 * Math.Cos(2.0 * Math.PI * n / length)));
        }

        return window;
    }

    private sealed class Workspace
    {
        public float[] Frame { get; } = new float[FftSize];

        public float[] Power { get; } = new float[MelFilterBank.FftBins];

        public const int BlockFrames = 32;

        private float[] _melBlock = [];

        public Complex[] FftScratch { get; } = new Complex[FftSize];

        public Span<float> MelBlock(int melBins)
        {
            if (_melBlock.Length < BlockFrames * melBins)
            {
                _melBlock = new float[BlockFrames * melBins];
            }

            return _melBlock;
        }
    }
}
