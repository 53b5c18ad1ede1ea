using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rostro.Spec;

namespace Rostro.Client.Tests.Generation;

public class GeneratedSurfaceTests
{
    private static readonly Assembly s_client = typeof(RostroApiException).Assembly;

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

        s_client.GetExportedTypes().SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
            .Where(p => p.Name.Contains('_'))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}")
            .Should().BeEmpty();
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
            var type = s_client.GetType($"Rostro.Client.{className}");
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
