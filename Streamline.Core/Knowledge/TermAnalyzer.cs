using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Streamline.Core.Knowledge;

/// <summary>
/// Lucene's English analysis (lower-casing, possessives, stop words, Porter stemming): "refunds",
/// "Refunded" and "refunding" all index and search as "refund". The same analysis runs on passages and
/// on questions, which is all the index needs from Lucene; the postings themselves live in the database.
/// </summary>
public sealed class TermAnalyzer : IDisposable
{
    // Thread-safe: Lucene analyzers keep their reusable token streams per thread.
    private readonly EnglishAnalyzer _analyzer = new(LuceneVersion.LUCENE_48);

    /// <summary>Every indexed term in order, repeats included; terms too long to be words are skipped.</summary>
    public List<string> Terms(string text)
    {
        var terms = new List<string>();
        using var stream = _analyzer.GetTokenStream("text", new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            if (term.Length <= PassageTermLimits.TermLength) terms.Add(term.ToString());
        }
        stream.End();
        return terms;
    }

    public void Dispose() => _analyzer.Dispose();
}
