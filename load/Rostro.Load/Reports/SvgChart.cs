using System.Globalization;
using System.Net;
using System.Text;

namespace Rostro.Load;

/// <summary>Small inline SVG charts for <c>report.html</c>: lines over time and bars of a distribution. No script, no fonts, nothing fetched.</summary>
internal static class SvgChart
{
    private const int Width = 560;
    private const int Height = 220;
    private const int Left = 52;
    private const int Right = 12;
    private const int Top = 36;
    private const int Bottom = 34;

    public sealed record Series(string Name, string Color, IReadOnlyList<(double X, double Y)> Points);

    /// <summary>The styles report.html gives its charts, for a chart written to a file of its own.</summary>
    public const string Style = "svg{background:#fff}.title{font:600 12px sans-serif;fill:#1d2330}.tick{font:10px sans-serif;fill:#5b6475}.label{font:11px sans-serif;fill:#5b6475}.legend{font:11px sans-serif;fill:#1d2330}.axis{stroke:#9aa3b2}.grid{stroke:#eceef2}.mark{stroke:#5b6475;stroke-dasharray:4 3}";

    /// <summary>A chart as a file of its own (its styles inside), e.g. to show in a README or a pull request.</summary>
    public static string Standalone(string svg)
    {
        ArgumentNullException.ThrowIfNull(svg);
        var end = svg.IndexOf('>', StringComparison.Ordinal) + 1;
        return string.Concat(svg.AsSpan(0, end), $"<style>{Style}</style>", svg.AsSpan(end));
    }

    /// <param name="title">The title.</param>
    /// <param name="xLabel">The x axis's label.</param>
    /// <param name="yLabel">The y axis's label.</param>
    /// <param name="series">The lines.</param>
    /// <param name="mark">A vertical line to mark (a sweep's knee) with its label, or null.</param>
    /// <param name="xUnit">The x values' unit in the points' tooltips.</param>
    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<Series> series, (double X, string Label)? mark = null, string xUnit = " s")
    {
        var points = series.SelectMany(s => s.Points).ToList();
        if (points.Count == 0)
        {
            return Empty(title);
        }

        var xMax = Math.Max(1, points.Max(p => p.X));
        var yMax = Nice(Math.Max(points.Max(p => p.Y), 1e-9));
        var svg = Begin(title);
        Axes(svg, xMax, yMax, xLabel, yLabel);
        if (mark is { } m)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(m.X, xMax):0.#}\" y1=\"{Top}\" x2=\"{X(m.X, xMax):0.#}\" y2=\"{Height - Bottom}\" class=\"mark\"/><text x=\"{X(m.X, xMax) - 3:0.#}\" y=\"{Top + 10}\" class=\"tick\" text-anchor=\"end\">{Escape(m.Label)}</text>");
        }

        var legendX = Left + 8.0;
        foreach (var s in series)
        {
            var path = string.Join(" ", s.Points.Select(p => $"{X(p.X, xMax):0.#},{Y(p.Y, yMax):0.#}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.6\" points=\"{path}\"><title>{Escape(s.Name)}</title></polyline>");
            foreach (var p in s.Points.Count <= 120 ? s.Points : [])
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(p.X, xMax):0.#}\" cy=\"{Y(p.Y, yMax):0.#}\" r=\"1.8\" fill=\"{s.Color}\"><title>{Escape(s.Name)} at {p.X:0.###}{Escape(xUnit)}: {p.Y:0.###}</title></circle>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX:0}\" y=\"{Top - 12}\" width=\"10\" height=\"3\" fill=\"{s.Color}\"/><text x=\"{legendX + 13:0}\" y=\"{Top - 8}\" class=\"legend\">{Escape(s.Name)}</text>");
            legendX += 22 + (s.Name.Length * 6.2);
        }

        return svg.Append("</svg>").ToString();
    }

    public static string Bars(string title, string xLabel, string yLabel, IReadOnlyList<(string Label, double Value)> bars, string color)
    {
        if (bars.Count == 0 || bars.All(b => b.Value == 0))
        {
            return Empty(title);
        }

        var yMax = Nice(bars.Max(b => b.Value));
        var svg = Begin(title);
        var plotWidth = Width - Left - Right;
        var slot = (double)plotWidth / bars.Count;
        Axes(svg, null, yMax, xLabel, yLabel);
        var labelEvery = Math.Max(1, (int)Math.Ceiling(bars.Count / 8.0));
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var x = Left + (i * slot);
            var y = Y(value, yMax);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + (slot * 0.08):0.#}\" y=\"{y:0.#}\" width=\"{Math.Max(slot * 0.84, 1):0.#}\" height=\"{Height - Bottom - y:0.#}\" fill=\"{color}\"><title>{Escape(label)}: {value:0.###}</title></rect>");
            if (i % labelEvery == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (slot / 2):0.#}\" y=\"{Height - Bottom + 13}\" class=\"tick\" text-anchor=\"middle\">{Escape(label)}</text>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    // 1, 2, 2.5, 5 × 10^k at or above the value: axis ends people read at a glance.
    internal static double Nice(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static StringBuilder Begin(string title) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Escape(title)}\"><text x=\"{Left}\" y=\"12\" class=\"title\">{Escape(title)}</text>");

    private static string Empty(string title) =>
        Begin(title).Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" class=\"tick\">nothing measured</text></svg>").ToString();

    private static void Axes(StringBuilder svg, double? xMax, double yMax, string xLabel, string yLabel)
    {
        var plotBottom = Height - Bottom;
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{plotBottom}\" x2=\"{Width - Right}\" y2=\"{plotBottom}\" class=\"axis\"/><line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{plotBottom}\" class=\"axis\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var value = yMax * i / 4;
            var y = Y(value, yMax);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\" class=\"grid\"/><text x=\"{Left - 4}\" y=\"{y + 3:0.#}\" class=\"tick\" text-anchor=\"end\">{Short(value)}</text>");
            if (xMax is { } max)
            {
                var xv = max * i / 4;
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(xv, max):0.#}\" y=\"{plotBottom + 13}\" class=\"tick\" text-anchor=\"middle\">{Short(xv)}</text>");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 4}\" class=\"label\" text-anchor=\"middle\">{Escape(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{(Top + plotBottom) / 2}\" class=\"label\" text-anchor=\"middle\" transform=\"rotate(-90 12 {(Top + plotBottom) / 2})\">{Escape(yLabel)}</text>");
    }

    private static double X(double value, double max) => Left + (value / max * (Width - Left - Right));

    private static double Y(double value, double max) => Height - Bottom - (value / max * (Height - Top - Bottom));

    private static string Short(double value) =>
        value >= 10_000 ? (value / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k" : value.ToString(value >= 10 ? "0" : "0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
