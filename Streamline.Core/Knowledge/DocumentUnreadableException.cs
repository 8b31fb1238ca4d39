namespace Streamline.Core.Knowledge;

/// <summary>The file itself is the problem; the message says what the owner can do about it.</summary>
public sealed class DocumentUnreadableException(string reason, Exception? inner = null) : Exception(reason, inner);
