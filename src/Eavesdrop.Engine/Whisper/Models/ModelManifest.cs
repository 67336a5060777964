using System.Text.Json;

namespace Eavesdrop.Engine.Whisper.Models;

/// <summary>
/// Written last, by rename, into a model's cache folder once every file of a variant is downloaded
/// and verified: a folder without it is never used as a model.
/// </summary>
internal sealed record ModelManifest(
    string Model,
    string Repository,
    string Revision,
    string Variant,
    string Source,
    DateTimeOffset CompletedAt,
    IReadOnlyList<ModelFile> Files)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string FileName(ModelVariant variant) => $".eavesdrop-complete.{variant.ToName()}.json";

    /// <summary>The manifest of <paramref name="directory"/> if present and every file it lists is there with its size.</summary>
    public static ModelManifest? ReadIfComplete(string directory, ModelVariant variant)
    {
        var path = Path.Combine(directory, FileName(variant));
        if (!File.Exists(path))
        {
            return null;
        }

        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), s_json);
        }
        catch (JsonException)
        {
            return null;
        }

        if (manifest?.Files is null || manifest.Files.Count == 0)
        {
            return null;
        }

        foreach (var file in manifest.Files)
        {
            var local = new FileInfo(Path.Combine(directory, file.Path));
            if (!local.Exists || local.Length != file.Size)
            {
                return null;
            }
        }

        return manifest;
    }

    public void WriteAtomically(string directory, ModelVariant variant)
    {
        var path = Path.Combine(directory, FileName(variant));
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, s_json));
        File.Move(temporary, path, overwrite: true);
    }
}
