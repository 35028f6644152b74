namespace Supervision;

/// <summary>One process type of a <see cref="Procfile"/>: its name, its command line and where it was declared.</summary>
public sealed class ProcfileEntry
{
    internal ProcfileEntry(string name, string command, int line)
    {
        Name = name;
        Command = command;
        Line = line;
    }

    /// <summary>Gets the process type's name: letters, digits, '_' and '-'.</summary>
    public string Name { get; }

    /// <summary>Gets the command line, run through <c>/bin/sh -c</c> as Foreman does.</summary>
    public string Command { get; }

    /// <summary>Gets the 1-based line number of the declaration.</summary>
    public int Line { get; }
}
