using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Targets;
using Rostro.Spec;

namespace Rostro.Contracts.Tests.Operations;

/// <summary>What a listing's parameters mean, as the spec states it (<c>x-rostro-list</c>): a page never holds more than <c>limit</c>, pages move, filters hold for what they return.</summary>
/// <remarks>
/// One generated check per rule of each listing; none is written per operation. A rule the target's data cannot exercise
/// (fewer than two items for a limit of one, no item to filter) is reported as not run with the reason, never passed.
/// </remarks>
[Trait("Category", "ReadOnly")]
public sealed class ListingTests(ContractTarget target) : ContractTest(target)
{
    public static IEnumerable<TheoryDataRow<string, string>> Rules() => GatedRows.Run(
        from o in SpecCatalog.Instance.Operations.Where(o => o.Facts.List is not null && o.Facts.IsReadOnly)
        from rule in RulesOf(o.Facts.List!)
        select (OperationRows.Tag(new TheoryDataRow<string, string>(o.OperationId, rule), o), (Gate?)null));

    private static IEnumerable<string> RulesOf(SpecList list)
    {
        if (list.Limit is not null)
        {
            yield return ContractRules.PageLimit;
        }

        if (list.Page is not null)
        {
            yield return ContractRules.PageMoves;
        }

        foreach (var filter in list.Filters)
        {
            yield return $"{ContractRules.FilterHolds}:{filter.Name}";
        }
    }

    [ContractTheory]
    [MemberData(nameof(Rules))]
    public async Task Listing_keeps_the_rule_its_parameters_state(string operationId, string rule)
    {
        var operation = Operation(operationId);
        var list = operation.Facts.List!;
        var user = Target.User();
        var plan = await OperationRequests.ValidAsync(Target, user, operation);

        switch (rule)
        {
            case ContractRules.PageLimit:
                await LimitAsync(user, plan, list);
                break;
            case ContractRules.PageMoves:
                await PagesAsync(user, plan, list);
                break;
            default:
                await FilterAsync(user, plan, list, list.Filters.Single(f => rule == $"{ContractRules.FilterHolds}:{f.Name}"));
                break;
        }
    }

    // With a limit of 1 a page holds at most one item; the check counts only when the unlimited listing holds more.
    private async Task LimitAsync(ContractClient user, RequestPlan plan, SpecList list)
    {
        var all = await Succeeded(plan.SendAsync(user, cancellationToken: Cancellation));
        var available = Items(all, list).Count;
        var limited = await Succeeded(With(plan, list.Limit!, JsonValue.Create(1)).SendAsync(user, cancellationToken: Cancellation));
        var count = Items(limited, list).Count;
        if (available < 2 && count <= 1)
        {
            Target.Skip($"{plan.Operation.OperationId} lists {available} item{(available == 1 ? string.Empty : "s")} here: a limit of 1 cannot be seen to cut anything");
        }

        limited.Should().Hold(ContractRules.PageLimit, count <= 1, $"a page never holds more than {list.Limit!.Name} items ({list.Limit.Name}=1)", $"{count} items at {list.Items}", list.Items);
    }

    // Page 2 shares no item with page 1 (with a limit of 1 where there is one); where the answer says its page, it says 2.
    private async Task PagesAsync(ContractClient user, RequestPlan plan, SpecList list)
    {
        var small = list.Limit is { } limit ? With(plan, limit, JsonValue.Create(1)) : plan;
        var first = await Succeeded(With(small, list.Page!, JsonValue.Create(1)).SendAsync(user, cancellationToken: Cancellation));
        var second = await Succeeded(With(small, list.Page!, JsonValue.Create(2)).SendAsync(user, cancellationToken: Cancellation));
        var checkedSomething = false;
        if (list.Page!.Echo is { } echo)
        {
            second.Should().HaveValue(echo, 2, ContractRules.PageEcho, $"the answer to {list.Page.Name}=2 says it is page 2");
            checkedSomething = true;
        }

        if (list.Key is { } key)
        {
            var one = first.Should().Keys(list.Items, key);
            var two = second.Should().Keys(list.Items, key);
            var shared = one.Intersect(two, StringComparer.Ordinal).ToList();
            if (shared.Count > 0)
            {
                // Other checks write beside this one (a new item shifts a page): an overlap counts only if it is still there.
                first = await Succeeded(With(small, list.Page!, JsonValue.Create(1)).SendAsync(user, cancellationToken: Cancellation));
                second = await Succeeded(With(small, list.Page!, JsonValue.Create(2)).SendAsync(user, cancellationToken: Cancellation));
                shared = first.Should().Keys(list.Items, key).Intersect(second.Should().Keys(list.Items, key), StringComparer.Ordinal).ToList();
            }

            if (one.Count > 0 && two.Count > 0)
            {
                second.Should().Hold(ContractRules.PageMoves, shared.Count == 0, $"page 2 shares no item with page 1", $"both hold {string.Join(", ", shared.Take(5))}, twice", list.Items);
                checkedSomething = true;
            }
        }

        if (!checkedSomething)
        {
            Target.Skip($"{plan.Operation.OperationId} has too few items here for a second page, and its answer does not say its page");
        }
    }

    // Every item meets the filter's rule; a filter that returns nothing here proves nothing.
    private async Task FilterAsync(ContractClient user, RequestPlan plan, SpecList list, SpecFilter filter)
    {
        JsonNode? sent = filter.Send?.DeepClone();
        var current = filter.In == "query" ? plan.Query.Where(q => q.Key == filter.Name).Select(q => q.Value).ToList() : [];
        if (sent is null && current.Count == 0)
        {
            // A value the target has: the first one an item of the unfiltered listing carries (a tag of a project).
            var all = await Succeeded(plan.SendAsync(user, cancellationToken: Cancellation));
            sent = Items(all, list).Select(i => Pointer.At(i, filter.Item)).Select(v => v is JsonArray a ? a.FirstOrDefault() : v).FirstOrDefault(v => v is not null)?.DeepClone();
            if (sent is null)
            {
                Target.Skip($"no item of {plan.Operation.OperationId} here carries {filter.Item}, so there is no value to filter on");
            }
        }

        var filtered = sent is null ? plan : With(plan, filter, sent);
        var values = sent is null ? current : [OperationRequests.Text(sent)];
        var answer = await Succeeded(filtered.SendAsync(user, cancellationToken: Cancellation));
        var items = Items(answer, list);
        var breaking = items.Select((item, i) => (i, Value: Pointer.At(item, filter.Item))).Where(x => !Holds(filter.Rule, x.Value, values)).ToList();
        if (items.Count == 0 || items.All(i => Pointer.At(i, filter.Item) is null))
        {
            Target.Skip($"{plan.Operation.OperationId} with {filter.Name}={string.Join(",", values)} lists {(items.Count == 0 ? "nothing" : $"no item with {filter.Item}")} here: the filter cannot be seen to hold");
        }

        answer.Should().Hold(ContractRules.FilterHolds, breaking.Count == 0, $"with {filter.Name}={string.Join(",", values)} every item meets {filter.Rule} at {filter.Item}",
            $"{breaking.Count} of {items.Count} items do not, the first at {list.Items}/{(breaking.Count > 0 ? breaking[0].i : 0)}{filter.Item} = {(breaking.Count > 0 ? breaking[0].Value?.ToJsonString() ?? "absent" : string.Empty)}", list.Items);
    }

    private static bool Holds(string rule, JsonNode? value, IReadOnlyList<string> sent) => rule switch
    {
        "not-true" => value is not JsonValue v || !v.TryGetValue<bool>(out var flag) || !flag,
        "contains-each" => value is JsonArray carried && sent.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).All(s => carried.Any(c => OperationRequests.Text(c) == s)),
        "one-of" => value is not null && sent.Contains(OperationRequests.Text(value), StringComparer.Ordinal),
        _ => throw new InvalidOperationException($"No check is written for the filter rule '{rule}'."),
    };

    private static List<JsonNode?> Items(Exchange answer, SpecList list) => [.. Pointer.At(answer.Json, list.Items) as JsonArray ?? []];

    private static RequestPlan With(RequestPlan plan, SpecValue value, JsonNode sent)
    {
        if (value.In == "query")
        {
            return plan.WithQuery(value.Name, OperationRequests.Text(sent));
        }

        var body = plan.Body?.DeepClone() as JsonObject ?? [];
        body[value.Name] = sent.DeepClone();
        return plan.WithBody(body);
    }
}
