using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rostro.Spec;

namespace Rostro.Client.Tests.Generation;

public class GeneratedSurfaceTests
{
    private static readonly Assembly s_client = typeof(RostroApiException).Assembly;

    // The wire models are generated into Rostro.Wire (shared with the mock), in the client's namespace.
    private static readonly Assembly s_models = typeof(ProjectSummary).Assembly;

    private static IEnumerable<Type> PublicTypes => s_client.GetExportedTypes().Concat(s_models.GetExportedTypes());

    private static readonly Type[] s_unionTypes =
        [typeof(ChatMessageContent), typeof(StopSequences), typeof(ToolChoice), typeof(FunctionCallChoice), typeof(CompletionPrompt), typeof(StopReason), typeof(LocSegment)];

    [Fact]
    public async Task Every_spec_operation_has_one_method_on_the_client_of_its_tag()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();

        foreach (var operation in spec.Operations)
        {
            var client = s_client.GetType($"Rostro.Client.{Pascal(operation.Tag!)}Client");
            client.Should().NotBeNull($"{operation} is tagged {operation.Tag}");
            client!.GetMethods().Where(m => m.Name == Pascal(operation.OperationId) + "Async")
                .Should().ContainSingle($"{operation} ({operation.OperationId}) has one generated method");
            client.GetInterface("I" + client.Name).Should().NotBeNull("every client has an interface");
        }
    }

    [Fact]
    public async Task The_clients_have_no_generated_method_the_spec_does_not_list()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();

        var generated = Microsoft.Extensions.DependencyInjection.RostroServiceCollectionExtensions.GeneratedClients
            .SelectMany(c => c.Implementation.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(Task<>))
            .Select(m => m.Name)
            .ToArray();

        generated.Should().BeEquivalentTo(spec.Operations.Select(o => Pascal(o.OperationId) + "Async"));
        Microsoft.Extensions.DependencyInjection.RostroServiceCollectionExtensions.GeneratedClients.Select(c => c.Implementation.Name)
            .Should().BeEquivalentTo(spec.Operations.Select(o => Pascal(o.Tag!) + "Client").Distinct(), "one client per tag");
    }

    [Fact]
    public void Snake_case_wire_names_become_PascalCase_properties()
    {
        var property = typeof(CreateChatCompletionRequest).GetProperty(nameof(CreateChatCompletionRequest.MaxCompletionTokens))!;
        property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name.Should().Be("max_completion_tokens");

        PublicTypes.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
            .Where(p => p.Name.Contains('_'))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}")
            .Should().BeEmpty();
    }

    [Fact]
    public void No_public_type_member_or_parameter_name_contains_an_underscore()
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var names = new List<(string Where, string Name)>();
        foreach (var type in PublicTypes)
        {
            names.Add(("type", type.Name));
            foreach (var member in type.GetMembers(declared).Where(IsPublicSurface))
            {
                if (!(member is MethodBase { IsSpecialName: true } || member is FieldInfo { IsSpecialName: true }))
                {
                    names.Add(($"member of {type.Name}", member.Name));
                }

                if (member is MethodBase method)
                {
                    names.AddRange(method.GetParameters().Select(p => ($"parameter of {type.Name}.{method.Name}", p.Name!)));
                }
            }
        }

        // The sweep reaches the generated surface: a spec schema's type and a snake_case query parameter's .NET name.
        names.Should().Contain(("type", nameof(ResponseFormat))).And.Contain(("parameter of LoreClient.GetLoreItemsAsync", "ownerIds"));
        names.Where(n => n.Name.Contains('_')).Select(n => $"{n.Where}: {n.Name}").Should().BeEmpty();
    }

    // Public or protected (what a caller or a subclass sees); compiler-generated members have no name of ours.
    private static bool IsPublicSurface(MemberInfo member) =>
        member.GetCustomAttribute<CompilerGeneratedAttribute>() is null && member switch
        {
            MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
            FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
            PropertyInfo p => p.GetAccessors(nonPublic: true).Any(IsPublicSurface),
            EventInfo e => e.AddMethod is { } add && IsPublicSurface(add),
            Type t => t.IsNestedPublic || t.IsNestedFamily || t.IsNestedFamORAssem,
            _ => false,
        };

    [Fact]
    public async Task Every_required_parameter_of_the_spec_is_required_in_the_signature_and_every_optional_one_may_be_omitted()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        using var document = JsonDocument.Parse(spec.Json);
        var root = document.RootElement;
        var checkedParameters = 0;

        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.TryGetProperty("operationId", out _)))
            {
                var operationId = operation.Value.GetProperty("operationId").GetString()!;
                var tag = operation.Value.GetProperty("tags")[0].GetString()!;
                var method = s_client.GetType($"Rostro.Client.{Pascal(tag)}Client")!.GetMethod(Pascal(operationId) + "Async")!;
                var parameters = method.GetParameters().ToDictionary(p => p.Name!);

                foreach (var (wireName, required) in SpecParameters(root, path.Value, operation.Value))
                {
                    var name = Camel(wireName);
                    parameters.Should().ContainKey(name, $"{operationId} takes {wireName} as {name}");
                    parameters[name].HasDefaultValue.Should().Be(!required, $"{operationId}'s {wireName} is {(required ? "required" : "optional")} in the spec");
                    checkedParameters++;
                }
            }
        }

        checkedParameters.Should().BeGreaterThan(50, "the sweep saw the spec's parameters and multipart fields");
    }

    // Path, query and header parameters (the operation's and its path's), and the body or the fields of a multipart body, with whether each is required.
    private static IEnumerable<(string Name, bool Required)> SpecParameters(JsonElement root, JsonElement pathItem, JsonElement operation)
    {
        var declared = new[] { pathItem, operation }
            .SelectMany(e => e.TryGetProperty("parameters", out var list) ? list.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(p => Resolve(root, p));
        foreach (var parameter in declared)
        {
            yield return (parameter.GetProperty("name").GetString()!, parameter.TryGetProperty("required", out var r) && r.GetBoolean());
        }

        if (!operation.TryGetProperty("requestBody", out var reference))
        {
            yield break;
        }

        var body = Resolve(root, reference);
        if (body.GetProperty("content").TryGetProperty("multipart/form-data", out var multipart))
        {
            var schema = Resolve(root, multipart.GetProperty("schema"));
            var required = schema.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(e => e.GetString()).ToHashSet() : [];
            foreach (var field in schema.GetProperty("properties").EnumerateObject())
            {
                yield return (field.Name, required.Contains(field.Name));
            }
        }
        else
        {
            // A JSON body is NSwag's `body` parameter.
            yield return ("body", body.TryGetProperty("required", out var r) && r.GetBoolean());
        }
    }

    private static JsonElement Resolve(JsonElement root, JsonElement element)
    {
        if (!element.TryGetProperty("$ref", out var reference))
        {
            return element;
        }

        var target = root;
        foreach (var segment in reference.GetString()!.TrimStart('#', '/').Split('/'))
        {
            target = target.GetProperty(segment);
        }

        return Resolve(root, target);
    }

    private static string Camel(string name)
    {
        var pascal = Pascal(name);
        return char.ToLowerInvariant(pascal[0]) + pascal[1..];
    }

    [Fact]
    public async Task Every_oneOf_or_anyOf_field_of_the_spec_has_a_hand_written_union_type()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        using var document = JsonDocument.Parse(spec.Json);
        var fields = new List<(string ClassName, string Property)>();
        foreach (var schema in document.RootElement.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            CollectUnionFields(schema.Name, schema.Value, fields);
        }

        fields.Should().NotBeEmpty();
        foreach (var (className, wireName) in fields)
        {
            var type = s_models.GetType($"Rostro.Client.{className}");
            type.Should().NotBeNull($"the spec has a schema generating {className}");
            var property = type!.GetProperties().SingleOrDefault(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == wireName);
            property.Should().NotBeNull($"{className} has the field {wireName}");
            var clrType = property!.PropertyType.IsGenericType ? property.PropertyType.GetGenericArguments()[0] : property.PropertyType;
            s_unionTypes.Should().Contain(clrType, $"{className}.{wireName} is a oneOf/anyOf; add it to Templates/Class.liquid");
        }
    }

    // A property is a union when it (or its items) has oneOf/anyOf; inline objects are generated as classes named after their property.
    private static void CollectUnionFields(string className, JsonElement schema, List<(string, string)> fields)
    {
        if (!schema.TryGetProperty("properties", out var properties))
        {
            return;
        }

        foreach (var property in properties.EnumerateObject())
        {
            var value = property.Value;
            var items = value.TryGetProperty("items", out var i) ? i : default;
            if (IsUnion(value) || (items.ValueKind == JsonValueKind.Object && IsUnion(items)))
            {
                fields.Add((className, property.Name));
            }
            else if (value.TryGetProperty("properties", out _))
            {
                CollectUnionFields(Pascal(property.Name), value, fields);
            }
        }
    }

    private static bool IsUnion(JsonElement schema) => schema.TryGetProperty("oneOf", out _) || schema.TryGetProperty("anyOf", out _);

    private static string Pascal(string name) =>
        string.Concat(name.Split('_', '-').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
