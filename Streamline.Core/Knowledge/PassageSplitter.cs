using System.Text;
using System.Text.RegularExpressions;

namespace Streamline.Core.Knowledge;

/// <summary>
/// Cuts extracted text into passages that can answer a question on their own: paragraphs of one section,
/// merged while short and split at sentence ends while long, each led by its section heading so a passage
/// about "Refunds" still says so when it is retrieved alone. No overlap between passages: boundaries follow
/// the author's paragraphs and the heading carries the context, while overlap would count the same words
/// twice in the ranking and spend the prompt's token budget on repeated text.
/// </summary>
public static partial class PassageSplitter
{
    /// <summary>Paragraphs are merged up to about this many characters (~150 tokens)...</summary>
    public const int TargetChars = 700;

    /// <summary>...and no passage body is longer than this (~250 tokens).</summary>
    public const int MaxChars = 1_200;

    public static IReadOnlyList<string> Split(IReadOnlyList<TextBlock> blocks)
    {
        var passages = new List<string>();
        var heading = "";
        var pendingHeadings = new List<string>();
        var body = new StringBuilder();

        void Flush()
        {
            if (body.Length == 0) return;
            passages.Add(heading.Length > 0 ? $"{heading}\n{body}" : body.ToString());
            body.Clear();
        }

        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            // A heading with nothing under it before the end is content after all (a one-line file, a closing line).
            var isHeading = block.IsHeading && i + 1 < blocks.Count;
            if (isHeading)
            {
                Flush();
                pendingHeadings.Add(block.Text);
                continue;
            }
            if (pendingHeadings.Count > 0)
            {
                // Consecutive headings (a title, then a section) lead the section together.
                heading = Bound(string.Join(" — ", pendingHeadings), 200);
                pendingHeadings.Clear();
            }
            foreach (var piece in Pieces(block.Text))
            {
                if (body.Length > 0 && body.Length + 1 + piece.Length > TargetChars) Flush();
                if (body.Length > 0) body.Append(' ');
                body.Append(piece);
            }
        }
        Flush();
        return passages;
    }

    /// <summary>A paragraph as it is, or split into runs of whole sentences when longer than <see cref="MaxChars"/>.</summary>
    private static IEnumerable<string> Pieces(string paragraph)
    {
        if (paragraph.Length <= MaxChars)
        {
            yield return paragraph;
            yield break;
        }
        var run = new StringBuilder();
        foreach (var sentence in SentenceEnd().Split(paragraph).SelectMany(HardWrap))
        {
            if (run.Length > 0 && run.Length + 1 + sentence.Length > TargetChars)
            {
                yield return run.ToString();
                run.Clear();
            }
            if (run.Length > 0) run.Append(' ');
            run.Append(sentence);
        }
        if (run.Length > 0) yield return run.ToString();
    }

    /// <summary>A "sentence" longer than the maximum (a table row, a list without full stops) is cut at word boundaries.</summary>
    private static IEnumerable<string> HardWrap(string sentence)
    {
        while (sentence.Length > MaxChars)
        {
            var cut = sentence.LastIndexOf(' ', TargetChars);
            if (cut <= 0) cut = TargetChars;
            yield return sentence[..cut].Trim();
            sentence = sentence[cut..].Trim();
        }
        if (sentence.Length > 0) yield return sentence;
    }

    private static string Bound(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd() + "…";

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[""'(\p{Lu}\p{N}])")]
    private static partial Regex SentenceEnd();
}
