using System.Threading.Channels;

namespace MixedTree;

/// <summary>An in-memory job board (a bounded channel) standing in for a real broker; it outlives the workers that use it.</summary>
public sealed class JobBoard
{
    private readonly Channel<int> _jobs = Channel.CreateBounded<int>(100);

    public ChannelWriter<int> Writer => _jobs.Writer;

    public ChannelReader<int> Reader => _jobs.Reader;
}
