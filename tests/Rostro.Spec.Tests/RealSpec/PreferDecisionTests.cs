using Rostro.Spec.Answers;
using Rostro.Spec.Tests.Infrastructure;

namespace Rostro.Spec.Tests.RealSpec;

/// <summary>
/// The <c>Prefer</c> conventions, decided once (<see cref="PreferDecision"/>) for the mock and the WireMock stubs, on an
/// operation of the real spec that documents two named success examples and errors of every kind:
/// <c>getProjectRatings</c> (200 <c>seed</c> and <c>rated</c>; 401, 403, 404, 422, 500).
/// </summary>
public class PreferDecisionTests
{
    private const string Operation = "getProjectRatings";
    private static readonly DocumentedAnswers s_answers = new(EmbeddedSpec.Spec);

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(500)]
    public void An_error_code_alone_answers_the_real_conditions_envelope(int status) =>
        PreferDecision.Decide(s_answers, Operation, status, null).Should().Be(new PreferredAnswer(PreferredKind.Envelope, status, null, null));

    [Fact]
    public void A_422_or_a_success_code_alone_answers_its_first_example()
    {
        PreferDecision.Decide(s_answers, Operation, 200, null).Should().Be(new PreferredAnswer(PreferredKind.Example, 200, "seed", null));
        var unprocessable = PreferDecision.Decide(s_answers, Operation, 422, null);
        unprocessable.Kind.Should().Be(PreferredKind.Example);
        unprocessable.Example.Should().Be(s_answers.Find(Operation, 422)!.Examples[0].Key);
    }

    [Fact]
    public void A_code_with_an_example_of_it_answers_that_example_and_one_it_lacks_is_refused()
    {
        PreferDecision.Decide(s_answers, Operation, 200, "rated").Should().Be(new PreferredAnswer(PreferredKind.Example, 200, "rated", null));

        var refused = PreferDecision.Decide(s_answers, Operation, 404, "rated");
        refused.Kind.Should().Be(PreferredKind.Refused);
        refused.Status.Should().Be(400);
        refused.Refusal.Should().Contain("example=rated").And.Contain("404");
    }

    [Fact]
    public void An_example_alone_answers_the_success_status_that_has_it_and_an_unknown_one_is_refused_naming_the_known()
    {
        PreferDecision.Decide(s_answers, Operation, null, "rated").Should().Be(new PreferredAnswer(PreferredKind.Example, 200, "rated", null));

        var refused = PreferDecision.Decide(s_answers, Operation, null, "no-such-example");
        refused.Kind.Should().Be(PreferredKind.Refused);
        refused.Refusal.Should().Contain("seed, rated");
    }

    [Fact]
    public void An_undocumented_code_is_refused_naming_the_documented_ones() =>
        PreferDecision.Decide(s_answers, Operation, 418, null).Refusal.Should().Contain("code=418").And.Contain("200, 401, 403, 404, 422, 500");
}
