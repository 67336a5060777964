namespace Eavesdrop.Tests.Common;

/// <summary>Locations of the repository and of the shared test material beside it (<c>../shared</c>).</summary>
public static class TestPaths
{
    private static readonly Lazy<string> s_repoRoot = new(FindRepoRoot);

    /// <summary>The folder holding <c>Eavesdrop.slnx</c>.</summary>
    public static string RepoRoot => s_repoRoot.Value;

    /// <summary>The workplace's <c>shared/</c> folder (design docs, whisper assets, test audio), beside the checkout.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string JfkWav => Path.Combine(Shared, "audio", "jfk.wav");

    public static string WhisperAssets => Path.Combine(Shared, "whisper-assets");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Eavesdrop.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Eavesdrop.slnx above {AppContext.BaseDirectory}.");
    }
}
