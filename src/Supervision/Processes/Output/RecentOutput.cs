using System.Buffers;
using System.Numerics;
using System.Text;

namespace Supervision.Processes.Output;

/// <summary>
/// The last lines one instance wrote, stdout and stderr in the order they were read, across its runs: a ring of at most
/// <c>RecentOutputLines</c> lines, each cut at <see cref="MaxLineBytes"/>, so an instance holds at most capacity × 1 KiB.
/// The lines stay bytes until someone asks for them; a slot keeps its array from one lap to the next, so once the ring
/// has gone round a line costs a copy and nothing else. The output pumps hand lines over a batch at a time
/// (<see cref="Writer"/>), so the lock is taken once per read from the pipe, not once per line.
/// </summary>
internal sealed class RecentOutput
{
    /// <summary>The longest line kept, in bytes; a longer one is cut there (between UTF-8 characters) and marked.</summary>
    public const int MaxLineBytes = 1024;

    private const string CutMark = "…";

    private readonly Lock _gate = new();
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly OutputFollowers _followers;
    private Slot[]? _slots;
    private int _next;
    private int _count;

    public RecentOutput(string typeName, int number, string source, int capacity, TimeProvider time, OutputFollowers followers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        TypeName = typeName;
        Number = number;
        Source = source;
        _capacity = capacity;
        _time = time;
        _followers = followers;
    }

    public string TypeName { get; }

    public int Number { get; }

    public string Source { get; }

    /// <summary>Takes the lines of one output pipe of one run; the pump that reads that pipe is its only user.</summary>
    public Writer CreateWriter(bool isError) => new(this, isError);

    /// <summary>The lines kept, oldest first.</summary>
    public OutputLine[] Snapshot()
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                return [];
            }

            var lines = new OutputLine[_count];
            int first = (_next - _count + _capacity) % _capacity;
            for (int i = 0; i < lines.Length; i++)
            {
                ref Slot slot = ref _slots![(first + i) % _capacity];
                lines[i] = new OutputLine(new DateTimeOffset(slot.UtcTicks, TimeSpan.Zero), Source, Decode(slot.Bytes!.AsSpan(0, slot.Length), slot.Cut), slot.IsError);
            }

            return lines;
        }
    }

    private static string Decode(ReadOnlySpan<byte> bytes, bool cut)
    {
        // A CRLF line reads as the same line as an LF one.
        if (!cut && bytes.Length != 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        string text = Encoding.UTF8.GetString(bytes);
        return cut ? text + CutMark : text;
    }

    /// <summary>
    /// Copies the kept lines of a batch, oldest first, into the ring: one lock and one clock read for the batch. The
    /// entries are the last things the pump passed on, in order, ending where <paramref name="consumed"/> ends.
    /// </summary>
    private void Take(in ReadOnlySequence<byte> consumed, Entry[] entries, int start, int count, bool isError)
    {
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            total += entries[Wrap(start + i)].Bytes;
        }

        ReadOnlySequence<byte> rest = consumed.Slice(consumed.Length - total);
        lock (_gate)
        {
            _slots ??= new Slot[_capacity];
            long ticks = _time.GetUtcNow().UtcTicks;
            for (int i = 0; i < count; i++)
            {
                ref Entry entry = ref entries[Wrap(start + i)];
                if (entry.Keep)
                {
                    ref Slot slot = ref _slots[_next];
                    Copy(rest.Slice(0, entry.Length), ref slot);
                    slot.Cut |= entry.Cut;
                    slot.IsError = isError;
                    slot.UtcTicks = ticks;
                    _next = Wrap(_next + 1);
                    _count = Math.Min(_count + 1, _capacity);
                }

                rest = rest.Slice(entry.Bytes);
            }
        }
    }

    private int Wrap(int index) => index < _capacity ? index : index - _capacity;

    private static void Copy(in ReadOnlySequence<byte> bytes, ref Slot slot)
    {
        int length = (int)Math.Min(bytes.Length, MaxLineBytes);
        if (slot.Bytes is null || slot.Bytes.Length < length)
        {
            slot.Bytes = new byte[Math.Min((int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(length, 32)), MaxLineBytes)];
        }

        bytes.Slice(0, length).CopyTo(slot.Bytes);
        slot.Cut = bytes.Length > length;
        if (slot.Cut && (bytes.Slice(length, 1).FirstSpan[0] & 0xC0) == 0x80)
        {
            // The cut falls inside a character: it goes before that character's lead byte instead.
            int lead = length - 1;
            while (lead > 0 && length - lead < 4 && (slot.Bytes[lead] & 0xC0) == 0x80)
            {
                lead--;
            }

            length = lead;
        }

        slot.Length = length;
    }

    private void Publish(in ReadOnlySequence<byte> bytes, bool cut, bool isError)
    {
        var slot = default(Slot);
        Copy(bytes, ref slot);
        string text = Decode(slot.Bytes.AsSpan(0, slot.Length), cut || slot.Cut);
        _followers.Publish(TypeName, Number, new OutputLine(_time.GetUtcNow(), Source, text, isError));
    }

    private struct Slot
    {
        public byte[]? Bytes;
        public int Length;
        public bool Cut;
        public bool IsError;
        public long UtcTicks;
    }

    /// <summary>
    /// One thing a pump passed on: a line or a piece of <see cref="Length"/> bytes, <see cref="Bytes"/> of the pipe with
    /// its newline (or, not kept, the bytes of pieces passed over). No reference: holding one costs a store, no GC barrier.
    /// </summary>
    private struct Entry
    {
        public int Bytes;
        public int Length;
        public bool Keep;
        public bool Cut;
    }

    /// <summary>
    /// Notes the lengths of what a pump passes on in a batch, the last <c>RecentOutputLines</c> of them, and at
    /// <see cref="Commit"/> finds those lines again at the end of what the batch consumed and hands them to the ring:
    /// a burst of thousands of lines copies only the last ones, and a line costs a few stores. A line that comes in
    /// pieces (longer than its sink takes whole) is kept by its first piece.
    /// </summary>
    internal sealed class Writer(RecentOutput owner, bool isError) : IDisposable
    {
        private readonly int _capacity = owner._capacity;
        private readonly OutputFollowers _followers = owner._followers;
        private Entry[]? _entries;
        private int _next;
        private bool _full;
        private bool _continues;

        /// <summary>A line the sink took whole (or the last part of one that came in pieces); <paramref name="ended"/> when a newline followed it.</summary>
        public void Line(in ReadOnlySequence<byte> line, bool ended = true)
        {
            int length = (int)line.Length;
            int bytes = ended ? length + 1 : length;
            if (_continues)
            {
                _continues = false;
                Pass(bytes);
                return;
            }

            Note(bytes, length, cut: false);
            if (_followers.HasFollowers)
            {
                owner.Publish(line, cut: false, isError);
            }
        }

        public void Piece(in ReadOnlySequence<byte> piece)
        {
            int length = (int)piece.Length;
            if (_continues)
            {
                Pass(length);
                return;
            }

            _continues = true;
            Note(length, length, cut: true);
            if (_followers.HasFollowers)
            {
                owner.Publish(piece, cut: true, isError);
            }
        }

        /// <summary>Hands the batch's kept lines to the ring; <paramref name="consumed"/> is what the batch passed on, still in the pipe's buffer.</summary>
        public void Commit(in ReadOnlySequence<byte> consumed)
        {
            if (_next == 0 && !_full)
            {
                return;
            }

            // Oldest first: once the entries have gone round, the oldest is the next to be overwritten.
            (int start, int count) = _full ? (_next, _capacity) : (0, _next);
            owner.Take(consumed, _entries!, start, count, isError);
            (_next, _full) = (0, false);
        }

        public void Dispose()
        {
            if (_entries is { } entries)
            {
                _entries = null;
                ArrayPool<Entry>.Shared.Return(entries);
            }
        }

        private void Note(int bytes, int length, bool cut, bool keep = true)
        {
            Entry[] entries = _entries ??= ArrayPool<Entry>.Shared.Rent(_capacity);
            entries[_next] = new Entry { Bytes = bytes, Length = length, Keep = keep, Cut = cut };
            if (++_next == _capacity)
            {
                (_next, _full) = (0, true);
            }
        }

        // Bytes passed over (the rest of a line kept by its first piece): added to the entry before when that one is passed over too.
        private void Pass(int bytes)
        {
            int last = _next == 0 ? _capacity - 1 : _next - 1;
            if ((_next != 0 || _full) && !_entries![last].Keep)
            {
                _entries[last].Bytes += bytes;
                return;
            }

            Note(bytes, 0, cut: false, keep: false);
        }
    }
}
