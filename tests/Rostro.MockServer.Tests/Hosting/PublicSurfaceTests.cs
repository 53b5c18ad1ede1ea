using System.Reflection;
using Rostro.Testing;

namespace Rostro.MockServer.Tests.Hosting;

/// <summary>
/// The mock's public surface, listed in <c>src/Rostro.MockServer/PublicAPI.txt</c> (as Polly's PublicAPI files and
/// openai-dotnet's api/*.cs list theirs): what an embedder (<c>RostroMock.StartAsync</c>) and the bench hosts may use.
/// Everything else is internal, seen only by the test projects. A change to the surface fails here until the file is
/// updated in the same commit, so review sees it: <c>ROSTRO_UPDATE_PUBLIC_API=1 dotnet test --filter PublicSurfaceTests</c> writes it.
/// </summary>
public sealed class PublicSurfaceTests
{
    [Fact]
    public void The_public_surface_is_the_one_listed_in_PublicAPI_txt()
    {
        var file = RepositoryRoot.Combine("src", "Rostro.MockServer", "PublicAPI.txt");
        var actual = Surface(typeof(RostroMock).Assembly);
        if (Environment.GetEnvironmentVariable("ROSTRO_UPDATE_PUBLIC_API") == "1")
        {
            File.WriteAllLines(file, ["# The mock's public surface (PublicSurfaceTests); everything else is internal.", .. actual]);
        }

        var listed = File.ReadAllLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        actual.Should().Equal(listed, "src/Rostro.MockServer/PublicAPI.txt lists the public surface; update it with the change (the lines are what this test computes)");
    }

    private static List<string> Surface(Assembly assembly) =>
        assembly.GetExportedTypes()
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .SelectMany(t => new[] { $"{Kind(t)} {t.FullName}" }.Concat(
                t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .Where(m => m is not MethodInfo { IsSpecialName: true })
                    .Select(m => $"  {t.Name}.{Describe(m)}")
                    .Order(StringComparer.Ordinal)))
            .ToList();

    private static string Kind(Type type) =>
        type.IsEnum ? "enum" : type.IsValueType ? "struct" : type.IsInterface ? "interface" : type.IsAbstract && type.IsSealed ? "static class" : "class";

    private static string Describe(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"ctor({Parameters(c)})",
        MethodInfo m => $"{m.Name}({Parameters(m)}): {Name(m.ReturnType)}",
        PropertyInfo p => $"{p.Name}: {Name(p.PropertyType)}{(p.SetMethod?.IsPublic == true ? (p.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? " { init; }" : " { set; }") : string.Empty)}",
        FieldInfo f => $"{f.Name}: {Name(f.FieldType)}{(f.IsLiteral ? " (const)" : string.Empty)}",
        EventInfo e => $"event {e.Name}",
        Type nested => $"nested {nested.Name}",
        _ => member.Name,
    };

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p => $"{Name(p.ParameterType)} {p.Name}"));

    private static string Name(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>"
        : type.Name;
}
