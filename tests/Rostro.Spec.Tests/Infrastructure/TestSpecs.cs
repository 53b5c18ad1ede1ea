namespace Rostro.Spec.Tests.Infrastructure;

/// <summary>Loads the small spec samples under TestData/, one folder per concern.</summary>
public static class TestSpecs
{
    public static string Text(string concern, string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", concern, file));

    public static Task<RostroSpec> LoadAsync(string concern, string file) => RostroSpec.LoadAsync(Text(concern, file));
}
