using System.Runtime.InteropServices;

namespace Eavesdrop.Engine.Sphinx;

/// <summary>A SphinxBase <c>cmd_ln_t</c> (reference-counted; <c>ps_init</c> keeps its own reference).</summary>
internal sealed class ConfigHandle : SafeHandle
{
    public ConfigHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        PocketSphinxNative.CmdLnFreeR(handle);
        return true;
    }
}
