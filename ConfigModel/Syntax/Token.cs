namespace AsaEmu.ConfigModel.Syntax;

/// <summary>One whitespace-separated word of a command line and the column it starts at.</summary>
public readonly record struct Token(string Text, int Column);
