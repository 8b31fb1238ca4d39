namespace Streamline.Core.Knowledge;

/// <summary>A paragraph or a heading of extracted text, in document order: what the passage splitter works from.</summary>
public sealed record TextBlock(string Text, bool IsHeading);
