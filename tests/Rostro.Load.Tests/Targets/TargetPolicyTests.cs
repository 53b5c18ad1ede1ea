namespace Rostro.Load.Tests.Targets;

public sealed class TargetPolicyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:4010/", true)]
    [InlineData("http://127.3.4.5/", true)]
    [InlineData("http://localhost:4010/", true)]
    [InlineData("http://[::1]:4010/", true)]
    [InlineData("https://api.rostro.dev/", false)]
    [InlineData("http://10.0.0.1/", false)]
    [InlineData("http://127.0.0.1.example.com/", false)]
    public void Only_this_machine_is_loopback(string url, bool loopback)
    {
        TargetPolicy.IsLoopback(new Uri(url)).Should().Be(loopback);
    }

    [Fact]
    public void A_url_carrying_credentials_is_refused_without_repeating_them()
    {
        var problem = TargetPolicy.Check("http://user:s3cret@127.0.0.1:4010/", out _);

        problem.Should().Contain("ROSTRO_TOKEN").And.NotContain("s3cret");
    }

    [Fact]
    public void Reports_describe_a_target_without_user_info_or_query()
    {
        TargetPolicy.Describe(new Uri("https://u:p@api.rostro.dev/base?key=1")).Should().Be("https://api.rostro.dev/base");
    }
}
