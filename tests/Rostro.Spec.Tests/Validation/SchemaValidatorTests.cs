using System.Text.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using Rostro.Spec.Tests.Infrastructure;

namespace Rostro.Spec.Tests.Validation;

public class SchemaValidatorTests
{
    private static readonly Lazy<Task<RostroSpec>> s_spec = new(() => TestSpecs.LoadAsync("Validation", "schemas.yaml"));

    private static async Task<JsonSchema> SchemaAsync(string name) => (await s_spec.Value).Schema(name);

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
            Kind = ValidationErrorKind.PropertyRequired,
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
        violation.Kind.Should().Be(ValidationErrorKind.IntegerExpected);
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
        violation.Kind.Should().Be(ValidationErrorKind.NotInEnumeration);
        violation.Message.Should().Be("Input should be 'system', 'user' or 'assistant'");
        violation.Pointer.Should().Be("/messages/1/role");
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
            Kind = ValidationErrorKind.StringExpected,
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
            Kind = ValidationErrorKind.NotOneOf,
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
            Kind = ValidationErrorKind.StringExpected,
        });
    }

    [Fact]
    public async Task OneOf_of_objects_reports_the_field_of_the_nearest_branch()
    {
        var violations = await ValidateAsync("Shape", """{"kind":"circle","radius":"big"}""");

        violations.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Path = new object[] { "radius" },
            Kind = ValidationErrorKind.NumberExpected,
        });
    }

    [Fact]
    public async Task OneOf_matching_several_branches_is_one_violation_at_the_union()
    {
        // 3 is both an integer and a number: oneOf demands exactly one.
        var violations = await ValidateAsync("Nickname", "3");

        violations.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Path = Array.Empty<object>(),
            Kind = ValidationErrorKind.NotOneOf,
        });
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
            Kind = ValidationErrorKind.ObjectExpected,
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
    public async Task JsonElement_and_JToken_overloads_agree_with_the_text_overload()
    {
        const string json = """{"model":"m","messages":[{"role":"robot","content":"x"}]}""";
        var schema = await SchemaAsync("ChatCompletionRequest");

        using var document = JsonDocument.Parse(json);
        var fromElement = SchemaValidator.Validate(document.RootElement, schema);
        var fromToken = SchemaValidator.Validate(JToken.Parse(json), schema);
        var fromText = SchemaValidator.Validate(json, schema);

        fromElement.Should().BeEquivalentTo(fromText);
        fromToken.Should().BeEquivalentTo(fromText);
    }

    [Fact]
    public async Task Malformed_json_throws_instead_of_reporting_violations()
    {
        var schema = await SchemaAsync("ChatCompletionRequest");

        var act = () => SchemaValidator.Validate("{\"model\":", schema);

        act.Should().Throw<Newtonsoft.Json.JsonException>();
    }
}
