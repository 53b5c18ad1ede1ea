using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.Spec.Schemas;
using Rostro.Spec.Tests.Infrastructure;

namespace Rostro.Spec.Tests.Validation;

public class SchemaValidatorTests
{
    private static readonly Lazy<Task<RostroSpec>> s_spec = new(() => TestSpecs.LoadAsync("Validation", "schemas.yaml"));

    private static async Task<SpecSchema> SchemaAsync(string name) => (await s_spec.Value).Schema(name);

    private static async Task<IReadOnlyList<SchemaViolation>> ValidateAsync(string schema, string json) =>
        SchemaValidator.Validate(json, await SchemaAsync(schema));

    [Fact]
    public async Task Valid_instance_has_no_violations()
    {
        var violations = await ValidateAsync("ChatCompletionRequest", """
            {"model":"mixtral","messages":[{"role":"user","content":"hi"}],"stop":["\n"],"temperature":0.7}
            """);

        violations.Should().BeEmpty();
    }

    [Fact]
    public async Task Missing_required_property_is_reported_at_the_path_of_that_property()
    {
        var violations = await ValidateAsync("ChatCompletionRequest", """{"messages":[{"role":"user","content":"hi"}]}""");

        violations.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Path = new object[] { "model" },
            Kind = ViolationKind.Required,
            Message = "Field required",
        });
    }

    [Fact]
    public async Task Wrong_type_is_reported_with_the_expected_type()
    {
        var violations = await ValidateAsync("ChatCompletionRequest", """
            {"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":"many"}
            """);

        var violation = violations.Should().ContainSingle().Subject;
        violation.Path.Should().Equal("max_tokens");
        violation.Kind.Should().Be(ViolationKind.Type);
        violation.Expected.Should().Be("integer");
        violation.Message.Should().Be("Input should be a valid integer");
    }

    [Fact]
    public async Task Enum_violation_inside_an_array_item_names_the_index_and_the_property()
    {
        var violations = await ValidateAsync("ChatCompletionRequest", """
            {"model":"m","messages":[{"role":"user","content":"hi"},{"role":"robot","content":"beep"}]}
            """);

        var violation = violations.Should().ContainSingle().Subject;
        violation.Path.Should().Equal("messages", 1, "role");
        violation.Path[1].Should().BeOfType<int>();
        violation.Kind.Should().Be(ViolationKind.Enum);
        violation.Message.Should().Be("Input should be 'system', 'user' or 'assistant'");
        violation.Pointer.Should().Be("/messages/1/role");
        violation.SchemaPointer.Should().Be("/components/schemas/ChatMessage/properties/role/enum", "the rule is named where the spec writes it");
    }

    [Fact]
    public async Task Missing_property_inside_an_array_item_names_the_index_and_the_property()
    {
        var violations = await ValidateAsync("ChatCompletionRequest", """
            {"model":"m","messages":[{"role":"user"}]}
            """);

        violations.Should().ContainSingle().Which.Path.Should().Equal("messages", 0, "content");
    }

    [Fact]
    public async Task Every_violation_is_reported_not_only_the_first()
    {
        var violations = await ValidateAsync("ChatCompletionRequest", """
            {"messages":[{"role":"robot"}],"temperature":5}
            """);

        violations.Select(v => v.Pointer).Should().BeEquivalentTo(
            "/model", "/messages/0/role", "/messages/0/content", "/temperature");
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":null}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"user":null}""")]
    public async Task Null_is_accepted_where_the_schema_is_nullable(string json)
    {
        var violations = await ValidateAsync("ChatCompletionRequest", json);

        violations.Should().BeEmpty();
    }

    [Fact]
    public async Task Null_is_rejected_where_the_schema_is_not_nullable()
    {
        var violations = await ValidateAsync("ChatCompletionRequest", """
            {"model":null,"messages":[{"role":"user","content":"hi"}]}
            """);

        violations.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Path = new object[] { "model" },
            Kind = ViolationKind.Type,
            Expected = "string",
        });
    }

    [Fact]
    public async Task OneOf_of_scalars_that_matches_no_branch_is_one_violation_at_the_union()
    {
        var violations = await ValidateAsync("ChatCompletionRequest", """
            {"model":"m","messages":[{"role":"user","content":"hi"}],"stop":5}
            """);

        violations.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Path = new object[] { "stop" },
            Kind = ViolationKind.OneOf,
        });
    }

    [Fact]
    public async Task OneOf_violation_is_reported_through_the_branch_the_value_nearly_matched()
    {
        var violations = await ValidateAsync("ChatCompletionRequest", """
            {"model":"m","messages":[{"role":"user","content":"hi"}],"stop":["ok",7]}
            """);

        violations.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Path = new object[] { "stop", 1 },
            Kind = ViolationKind.Type,
            Expected = "string",
        });
    }

    [Fact]
    public async Task OneOf_of_objects_reports_the_field_of_the_nearest_branch()
    {
        var violations = await ValidateAsync("Shape", """{"kind":"circle","radius":"big"}""");

        violations.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Path = new object[] { "radius" },
            Kind = ViolationKind.Type,
            Expected = "number",
        });
    }

    [Fact]
    public async Task OneOf_matching_several_branches_is_one_violation_at_the_union()
    {
        // {} is an object with no a and no b: both branches match, and oneOf demands exactly one.
        var violations = await ValidateAsync("Overlapping", "{}");

        violations.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Path = Array.Empty<object>(),
            Kind = ViolationKind.OneOf,
        });
    }

    [Fact]
    public async Task OneOf_of_bare_types_is_read_as_a_list_of_types_so_a_value_of_two_of_them_passes()
    {
        // Microsoft.OpenApi reads `oneOf: [{type: string}, {type: integer}, {type: number}]` as one schema of three types,
        // so 3 (an integer and a number) passes; the real spec's bare-type unions are disjoint, where both readings agree.
        var both = await ValidateAsync("Nickname", "3");
        var neither = await ValidateAsync("Nickname", "true");

        both.Should().BeEmpty();
        neither.Should().ContainSingle().Which.Message.Should().Be("Input should be a valid integer, a valid number or a valid string");
    }

    [Fact]
    public async Task Property_names_containing_dots_stay_one_segment()
    {
        var violations = await ValidateAsync("Dotted", """{"a.b":{"c":"x"}}""");

        violations.Should().ContainSingle().Which.Path.Should().Equal("a.b", "c");
    }

    [Fact]
    public async Task Missing_property_whose_name_contains_a_dot_stays_one_segment()
    {
        var violations = await ValidateAsync("Dotted", "{}");

        violations.Should().ContainSingle().Which.Path.Should().Equal("a.b");
    }

    [Fact]
    public async Task Wrong_type_at_the_root_has_an_empty_path()
    {
        var violations = await ValidateAsync("ChatCompletionRequest", "[1,2]");

        violations.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Path = Array.Empty<object>(),
            Kind = ViolationKind.Type,
            Expected = "object",
        });
    }

    [Fact]
    public async Task Date_like_strings_are_validated_as_strings()
    {
        var violations = await ValidateAsync("ChatCompletionRequest", """
            {"model":"2024-01-01T00:00:00Z","messages":[{"role":"user","content":"hi"}]}
            """);

        violations.Should().BeEmpty();
    }

    [Fact]
    public async Task JsonElement_and_JsonNode_overloads_agree_with_the_text_overload()
    {
        const string json = """{"model":"m","messages":[{"role":"robot","content":"x"}]}""";
        var schema = await SchemaAsync("ChatCompletionRequest");

        using var document = JsonDocument.Parse(json);
        var fromElement = SchemaValidator.Validate(document.RootElement, schema);
        var fromNode = SchemaValidator.Validate(JsonNode.Parse(json), schema);
        var fromText = SchemaValidator.Validate(json, schema);

        fromText.Should().ContainSingle();
        fromElement.Should().BeEquivalentTo(fromText);
        fromNode.Should().BeEquivalentTo(fromText);
    }

    [Fact]
    public async Task Malformed_json_throws_instead_of_reporting_violations()
    {
        var schema = await SchemaAsync("ChatCompletionRequest");

        var act = () => SchemaValidator.Validate("{\"model\":", schema);

        act.Should().Throw<JsonException>();
    }

    [Fact]
    public async Task Integer_beyond_64_bits_breaks_the_int64_format_the_validator_gives_every_unsized_integer()
    {
        var violations = await ValidateAsync("ChatCompletionRequest", """
            {"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":9223372036854775808}
            """);

        violations.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Path = new object[] { "max_tokens" },
            Kind = ViolationKind.Format,
            Expected = "int64",
        });
    }

    [Theory]
    [InlineData("""{"model":1e300,"messages":[{"role":"user","content":"hi"}]}""", "/model", ViolationKind.Type)]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":-1e400}""", "/temperature", ViolationKind.Minimum)]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":1e300}""", "/max_tokens", ViolationKind.Format)]
    public async Task Number_beyond_decimal_range_is_a_violation_at_its_field_not_an_exception(string json, string pointer, ViolationKind kind)
    {
        var violations = await ValidateAsync("ChatCompletionRequest", json);

        violations.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Pointer = pointer, Kind = kind });
    }

    [Fact]
    public async Task Number_beyond_decimal_range_where_any_number_is_allowed_is_valid()
    {
        var violations = await ValidateAsync("Measured", """{"size":1e300}""");

        violations.Should().BeEmpty();
    }

    [Fact]
    public async Task Largest_64_bit_integer_is_accepted()
    {
        var violations = await ValidateAsync("ChatCompletionRequest", """
            {"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":9223372036854775807}
            """);

        violations.Should().BeEmpty();
    }

    [Theory]
    [InlineData("\"2026-01-15T12:00:00Z\"", 0)]
    [InlineData("\"yesterday\"", 1)]
    public async Task Date_time_format_is_checked(string value, int expected)
    {
        var violations = await ValidateAsync("Stamped", $$"""{"at":{{value}}}""");

        violations.Where(v => v.Kind == ViolationKind.Format && v.Expected == "date-time" && v.Message == "Input should be a valid datetime")
            .Should().HaveCount(expected).And.HaveCount(violations.Count);
    }

    [Fact]
    public async Task Minimum_violation_says_the_limit_in_pydantic_words()
    {
        var violations = await ValidateAsync("ChatCompletionRequest", """
            {"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":-1}
            """);

        violations.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Kind = ViolationKind.Minimum,
            Message = "Input should be greater than or equal to 0",
            SchemaPointer = "/components/schemas/ChatCompletionRequest/properties/temperature/minimum",
        });
    }

    [Fact]
    public async Task Item_schema_location_names_the_items_keyword_where_the_spec_writes_it()
    {
        // JsonSchema.Net 8.0.5 reported "…/tags/items/tags" here; 7.4.0 reports the place the rule is written.
        var violations = await ValidateAsync("Stamped", """{"at":"2026-01-15T12:00:00Z","tags":["ok",""]}""");

        violations.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Path = new object[] { "tags", 1 },
            Kind = ViolationKind.MinLength,
            SchemaPointer = "/components/schemas/Stamped/properties/tags/items/minLength",
        });
    }
}
