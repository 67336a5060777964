using System.Runtime.InteropServices;

namespace Eavesdrop.Engine.Sphinx;

/// <summary>A PocketSphinx <c>ps_decoder_t</c>.</summary>
internal sealed class DecoderHandle : SafeHandle
{
    public DecoderHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        PocketSphinxNative.PsFree(handle);
        return true;
    }
}
