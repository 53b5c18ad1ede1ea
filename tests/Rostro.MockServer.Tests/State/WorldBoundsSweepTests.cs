using System.Collections;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Rostro.MockServer.State;
using Rostro.MockServer.Tests.Infrastructure;
using Rostro.Spec;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Tests.State;

/// <summary>Every collection of a world, now and after someone adds one, is bounded: by its type (a world collection, text init-only) and by what every operation can make it hold.</summary>
public sealed class WorldBoundsSweepTests
{
    private const int Cap = 6;

    // State the world may hold besides its collections: its lock, generator, bounds and budget.
    private static readonly HashSet<Type> s_worldPlumbing = [typeof(ReaderWriterLockSlim), typeof(Random), typeof(WorldLimits), typeof(WorldBudget)];

    [Fact]
    public void Every_collection_of_a_world_and_of_its_records_is_a_world_collection_and_record_text_is_init_only()
    {
        var problems = new List<string>();
        var visited = new HashSet<Type>();
        var pending = new Queue<Type>([typeof(World)]);
        while (pending.TryDequeue(out var type))
        {
            if (!visited.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(DateTimeOffset))
            {
                continue;
            }

            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                var name = $"{type.Name}.{PropertyName(field)}";
                var fieldType = field.FieldType;
                if (typeof(IWorldCollection).IsAssignableFrom(fieldType))
                {
                    foreach (var item in fieldType.GetGenericArguments())
                    {
                        pending.Enqueue(item);
                    }
                }
                else if (fieldType == typeof(string) || typeof(JsonNode).IsAssignableFrom(fieldType))
                {
                    if (type != typeof(World) && Setter(type, field) is { } setter && !IsInitOnly(setter))
                    {
                        problems.Add($"{name}: text with a setter; make it init-only and replace the record (WorldList.Replace), so the budget sees the change");
                    }
                    else if (type == typeof(World) && Setter(type, field) is { IsPrivate: false })
                    {
                        problems.Add($"{name}: world text settable from outside; change it through a method that admits it against the budget");
                    }
                }
                else if (typeof(IEnumerable).IsAssignableFrom(fieldType))
                {
                    problems.Add($"{name} is a {fieldType.Name}: not a world collection, so nothing bounds what it holds");
                }
                else if (!fieldType.IsValueType && !(type == typeof(World) && s_worldPlumbing.Contains(fieldType)))
                {
                    problems.Add($"{name} holds a {fieldType.Name}, which the budget cannot measure");
                }
            }
        }

        visited.Should().Contain([typeof(SceneRecord), typeof(AssetRecord), typeof(ProjectRecord), typeof(RatingRecord)], "the sweep reaches the records inside collections, and the collections inside those");
        problems.Should().BeEmpty();
    }

    [Fact]
    public void The_world_lists_every_collection_it_holds()
    {
        var world = new World("probe", 42, new WorldLimits());
        var held = typeof(World).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(f => typeof(IWorldCollection).IsAssignableFrom(f.FieldType))
            .Select(f => (IWorldCollection)f.GetValue(world)!)
            .ToList();

        var listed = world.Collections.ToList();

        held.Should().OnlyContain(c => listed.Any(l => ReferenceEquals(l, c)), "a collection the world does not list is one the sweep below would not check");
        listed.Should().HaveSameCount(held).And.OnlyContain(c => c.Attached);
    }

    [Fact]
    public void A_write_outside_a_change_is_refused_not_let_past_the_bounds()
    {
        var world = new World("probe", 42, new WorldLimits());

        var write = () => world.Blacklist.Add("sneaky");

        write.Should().Throw<InvalidOperationException>().WithMessage("*outside World.Change*");
        world.Blacklist.Should().BeEmpty();
    }

    [Fact]
    public async Task No_operation_can_take_any_collection_past_its_cap_or_the_world_past_its_text_budget()
    {
        var fixtures = new World("probe", 42, new WorldLimits()).StoredBytes;
        await using var mock = await RostroMock.StartAsync(new MockServerOptions
        {
            MaxItemsPerCollection = Cap,
            MaxStoredBytesPerWorld = fixtures + (64 * 1024),
            AuditResponses = true,
            Settings = new Rostro.MockServer.Settings.MockSettings { TtftMs = 0, InterTokenMs = 0 },
        });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var refusedBy = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();

        // Two passes per operation, each on a fresh world: many distinct small items (the count cap), then few large ones (the text budget).
        // (Padding stays under the 8 KiB request-target limit, as path values carry it too.)
        foreach (var (pass, padding) in new[] { ("count", 0), ("bytes", 6_000) })
        {
            foreach (var operation in spec.Operations.Where(o => o.Method != "GET" && o.OperationId != "deleteAccount"))
            {
                var token = $"sweep-{pass}-{operation.OperationId}";
                var fixtureCounts = Counts(mock.Worlds.For(token));
                for (var i = 0; i < Cap + 3; i++)
                {
                    using var request = await UniqueAsync(operation, token, $"{i}{new string('p', padding)}");
                    using var response = await http.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    if ((int)response.StatusCode >= 500)
                    {
                        problems.Add($"{operation} ({pass} {i}): {(int)response.StatusCode} {text}");
                    }

                    if ((int)response.StatusCode == 403 && text.Contains($"\"code\":{ErrorCodes.CollectionFull}", StringComparison.Ordinal))
                    {
                        refusedBy.Add(operation.OperationId);
                    }

                    problems.AddRange(Invariants(mock.Worlds.For(token), fixtureCounts).Select(p => $"{operation} ({pass} {i}): {p}"));
                }
            }
        }

        problems.Should().BeEmpty();
        // What the spec says is bounded (x-rostro-bounded) is what the sweep found refused when full, and nothing else.
        var bounded = spec.Operations.Where(o => o.Facts.Bounded).Select(o => o.OperationId).ToList();
        bounded.Should().NotBeEmpty();
        refusedBy.Should().BeEquivalentTo(bounded);
        mock.Audit.Violations.Should().BeEmpty();
        mock.Health.UnhandledExceptions.Should().Be(0);
    }

    // Each collection at most at its cap (or at the size its fixtures started with), and the budget's account equal to the text actually held, within its bound.
    private static List<string> Invariants(World world, Dictionary<IWorldCollection, int> fixtureCounts)
    {
        var problems = new List<string>();
        world.Read(_ =>
        {
            foreach (var collection in world.Collections.SelectMany(Deep))
            {
                var cap = Math.Max(Math.Min(collection.MaxItems ?? int.MaxValue, Cap), fixtureCounts.GetValueOrDefault(collection));
                if (collection.Count > cap)
                {
                    problems.Add($"{collection.Name} holds {collection.Count}, over {cap}");
                }
            }

            var held = world.Collections.SelectMany(Deep).Sum(TextOf) + StoredSize.Of(world.DefaultSort);
            if (held != world.StoredBytes)
            {
                problems.Add($"the budget counts {world.StoredBytes} bytes, the collections hold {held}");
            }

            if (world.StoredBytes > world.Limits.MaxStoredBytes)
            {
                problems.Add($"{world.StoredBytes} bytes stored, over {world.Limits.MaxStoredBytes}");
            }

            return problems;
        });

        return problems;
    }

    private static Dictionary<IWorldCollection, int> Counts(World world) =>
        world.Read(_ => world.Collections.SelectMany(Deep).ToDictionary<IWorldCollection, IWorldCollection, int>(c => c, c => c.Count, ReferenceEqualityComparer.Instance)).Result!;

    private static IEnumerable<IWorldCollection> Deep(IWorldCollection collection) => collection.Nested.SelectMany(Deep).Prepend(collection);

    // Measured from the items themselves, not from the collection's running account.
    private static long TextOf(IWorldCollection collection) => ((IEnumerable)collection).Cast<object>().Sum(item =>
        item.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)
            ? StoredSize.Of(t.GetProperty("Key")!.GetValue(item)) + StoredSize.Of(t.GetProperty("Value")!.GetValue(item))
            : StoredSize.Of(item));

    // The operation's example request, with every string in its path and body made distinct by a suffix (so each request can add a new item).
    private static async Task<HttpRequestMessage> UniqueAsync(SpecOperation operation, string token, string suffix)
    {
        var request = SpecRequests.Build(operation, token);
        var target = request.RequestUri!.OriginalString.Split('?', 2);
        var segments = target[0].Split('/');
        var template = operation.PathTemplate.TrimStart('/').Split('/');
        foreach (var parameter in operation.Parameters.Where(p => p.Location == "path"))
        {
            // Free text only: usernames and character paths must keep naming what exists, integers and enums stay valid.
            var isText = parameter.Schema?.Definition.Type is { } type && type.HasFlag(JsonSchemaType.String) && parameter.Schema.Enum.Count == 0;
            if (isText && parameter.Name is not ("username" or "pathname"))
            {
                var index = Array.IndexOf(template, $"{{{parameter.Name}}}");
                segments[index] += Uri.EscapeDataString("-" + suffix);
            }
        }

        request.RequestUri = new Uri(string.Join('/', segments) + (target.Length > 1 ? "?" + target[1] : string.Empty), UriKind.Relative);
        if (request.Content is MultipartFormDataContent)
        {
            request.Content = new MultipartFormDataContent
            {
                { new ByteArrayContent(Encoding.UTF8.GetBytes("Dragons sleep " + suffix)), "file", $"lore-{suffix.Length}.txt" },
                { new StringContent("{\"note\":\"" + suffix + "\"}"), "metadata" },
            };
        }
        else if (request.Content is not null && JsonNode.Parse(await request.Content.ReadAsStringAsync()) is JsonObject body)
        {
            foreach (var (name, value) in body.ToList())
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text))
                {
                    body[name] = text + "-" + suffix;
                }
            }

            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static string PropertyName(FieldInfo field) =>
        field.Name is ['<', .., ] && field.Name.IndexOf('>', StringComparison.Ordinal) is var end and > 1 ? field.Name[1..end] : field.Name;

    private static MethodInfo? Setter(Type type, FieldInfo field) =>
        type.GetProperty(PropertyName(field), BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.SetMethod;

    private static bool IsInitOnly(MethodInfo setter) => setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
