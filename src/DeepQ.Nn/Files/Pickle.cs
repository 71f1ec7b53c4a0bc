using System.Buffers.Binary;
using System.Text;

namespace DeepQ.Nn.Files;

/// <summary>
/// A small, safe subset of Python's pickle virtual machine: enough to read the data.pkl of a
/// torch.save'd state_dict (protocols 2 to 5). It never runs code: globals become
/// <see cref="PyGlobal"/> markers and only the few callables a state_dict uses
/// (OrderedDict, torch._utils._rebuild_tensor_v2, _rebuild_parameter) are interpreted.
/// </summary>
internal sealed class Pickle
{
    /// <summary>A reference to a Python global (module.name), never resolved or run.</summary>
    internal sealed record PyGlobal(string Module, string Name)
    {
        public string FullName => Module + "." + Name;
    }

    /// <summary>A tensor's storage reference: persistent id ('storage', type, key, location, numel).</summary>
    internal sealed record PyStorage(string StorageType, string Key, long ElementCount);

    /// <summary>A tensor view: storage, element offset, shape and strides (in elements).</summary>
    internal sealed record PyTensor(PyStorage Storage, long Offset, long[] Size, long[] Stride);

    /// <summary>A dict or OrderedDict, keeping insertion order (state_dict order).</summary>
    internal sealed class PyDict
    {
        public List<KeyValuePair<object?, object?>> Items { get; } = [];
    }

    /// <summary>Result of calling a callable we do not interpret; kept so the stream can continue.</summary>
    internal sealed record PyOpaque(string What);

    /// <summary>The MARK sentinel on the VM stack.</summary>
    private sealed class Mark;

    private static readonly Mark s_mark = new();

    private readonly byte[] _b;
    private readonly string _source;
    private int _pos;
    private readonly List<object?> _stack = [];
    private readonly Dictionary<long, object?> _memo = [];

    private Pickle(byte[] bytes, string source)
    {
        _b = bytes;
        _source = source;
    }

    public static object? Load(byte[] bytes, string source) => new Pickle(bytes, source).Run();

    private NnFormatException Corrupt(string what) => new($"{_source}: data.pkl is corrupt or unsupported ({what} at byte {_pos}); re-save the state_dict with torch.save.");

    private byte U8() => _pos < _b.Length ? _b[_pos++] : throw Corrupt("unexpected end");
    private ReadOnlySpan<byte> Take(long n)
    {
        if (n < 0 || _pos + n > _b.Length) throw Corrupt("unexpected end");
        var s = _b.AsSpan(_pos, (int)n);
        _pos += (int)n;
        return s;
    }
    private string Line()
    {
        int start = _pos;
        while (_pos < _b.Length && _b[_pos] != (byte)'\n') _pos++;
        if (_pos >= _b.Length) throw Corrupt("unterminated line");
        return Encoding.UTF8.GetString(_b, start, _pos++ - start);
    }

    private object? Pop()
    {
        if (_stack.Count == 0) throw Corrupt("stack underflow");
        var o = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return o;
    }
    private object? Top => _stack.Count > 0 ? _stack[^1] : throw Corrupt("stack underflow");
    private List<object?> PopMark()
    {
        int i = _stack.FindLastIndex(o => ReferenceEquals(o, s_mark));
        if (i < 0) throw Corrupt("missing MARK");
        var items = _stack.GetRange(i + 1, _stack.Count - i - 1);
        _stack.RemoveRange(i, _stack.Count - i);
        return items;
    }

    private object? Run()
    {
        while (true)
        {
            byte op = U8();
            switch (op)
            {
                case 0x80: U8(); break;                                     // PROTO
                case 0x95: Take(8); break;                                  // FRAME
                case (byte)'.': return Pop();                               // STOP
                case (byte)'(': _stack.Add(s_mark); break;                  // MARK
                case (byte)'}': _stack.Add(new PyDict()); break;            // EMPTY_DICT
                case (byte)']': _stack.Add(new List<object?>()); break;     // EMPTY_LIST
                case (byte)')': _stack.Add(Array.Empty<object?>()); break;  // EMPTY_TUPLE
                case (byte)'N': _stack.Add(null); break;
                case 0x88: _stack.Add(true); break;
                case 0x89: _stack.Add(false); break;
                case (byte)'K': _stack.Add((long)U8()); break;                                              // BININT1
                case (byte)'M': _stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;  // BININT2
                case (byte)'J': _stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;   // BININT
                case 0x8a:                                                                                  // LONG1
                {
                    var bytes = Take(U8());
                    if (bytes.Length > 8) throw Corrupt("integer too large");
                    long v = 0;
                    for (int i = bytes.Length - 1; i >= 0; i--) v = (v << 8) | bytes[i];
                    if (bytes.Length is > 0 and < 8 && (bytes[^1] & 0x80) != 0) v -= 1L << (8 * bytes.Length);
                    _stack.Add(v);
                    break;
                }
                case (byte)'G': _stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;           // BINFLOAT
                case (byte)'X': _stack.Add(Encoding.UTF8.GetString(Take(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))))); break;
                case 0x8c: _stack.Add(Encoding.UTF8.GetString(Take(U8()))); break;                          // SHORT_BINUNICODE
                case (byte)'U': _stack.Add(Encoding.Latin1.GetString(Take(U8()))); break;                   // SHORT_BINSTRING
                case (byte)'T': _stack.Add(Encoding.Latin1.GetString(Take(BinaryPrimitives.ReadInt32LittleEndian(Take(4))))); break;
                case (byte)'C': _stack.Add(Take(U8()).ToArray()); break;                                     // SHORT_BINBYTES
                case (byte)'B': _stack.Add(Take(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))).ToArray()); break;
                case (byte)'q': _memo[U8()] = Top; break;                                                    // BINPUT
                case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Top; break;         // LONG_BINPUT
                case 0x94: _memo[_memo.Count] = Top; break;                                                  // MEMOIZE
                case (byte)'h': _stack.Add(Memo(U8())); break;                                               // BINGET
                case (byte)'j': _stack.Add(Memo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break;    // LONG_BINGET
                case (byte)'t': _stack.Add(PopMark().ToArray()); break;                                      // TUPLE
                case 0x85: _stack.Add(new[] { Pop() }); break;                                                // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); _stack.Add(new[] { a, b }); break; }               // TUPLE2
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); _stack.Add(new[] { a, b, c }); break; }
                case (byte)'c': _stack.Add(new PyGlobal(Line(), Line())); break;                             // GLOBAL
                case 0x93: { var name = Pop() as string; var module = Pop() as string; _stack.Add(new PyGlobal(module ?? "", name ?? "")); break; } // STACK_GLOBAL
                case (byte)'Q': _stack.Add(PersistentLoad(Pop())); break;                                   // BINPERSID
                case (byte)'R': { var args = Pop() as object?[]; var fn = Pop(); _stack.Add(Call(fn, args ?? throw Corrupt("REDUCE without a tuple"))); break; }
                case 0x81: { var args = Pop() as object?[]; var cls = Pop(); _stack.Add(Call(cls, args ?? [])); break; } // NEWOBJ
                case (byte)'s': { var v = Pop(); var k = Pop(); (Top as PyDict)?.Items.Add(new(k, v)); break; }           // SETITEM
                case (byte)'u':                                                                                           // SETITEMS
                {
                    var items = PopMark();
                    if (Top is PyDict d)
                        for (int i = 0; i + 1 < items.Count; i += 2) d.Items.Add(new(items[i], items[i + 1]));
                    break;
                }
                case (byte)'a': { var v = Pop(); (Top as List<object?>)?.Add(v); break; }                    // APPEND
                case (byte)'e': { var items = PopMark(); (Top as List<object?>)?.AddRange(items); break; }  // APPENDS
                case (byte)'b': Pop(); break;                                                                // BUILD: attribute state (e.g. _metadata) is not needed
                default: throw Corrupt($"opcode 0x{op:x2}");
            }
        }
    }

    private object? Memo(long key) => _memo.TryGetValue(key, out var v) ? v : throw Corrupt($"memo key {key} not found");

    private object PersistentLoad(object? pid)
    {
        if (pid is object?[] { Length: >= 5 } t && t[0] as string == "storage" && t[1] is PyGlobal type && t[2] is string key && t[4] is long n)
            return new PyStorage(type.Name, key, n);
        throw Corrupt("unknown persistent id");
    }

    private object? Call(object? fn, object?[] args)
    {
        if (fn is not PyGlobal g) throw Corrupt("call of a non-global");
        switch (g.FullName)
        {
            case "collections.OrderedDict":
            case "builtins.dict":
                return new PyDict();
            case "torch._utils._rebuild_tensor_v2":
            case "torch._utils._rebuild_tensor":
                if (args.Length >= 4 && args[0] is PyStorage s && args[1] is long off && args[2] is object?[] size && args[3] is object?[] stride)
                    return new PyTensor(s, off, size.Select(ToLong).ToArray(), stride.Select(ToLong).ToArray());
                throw Corrupt("malformed tensor record");
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                return args.Length > 0 ? args[0] : null;
            default:
                return new PyOpaque(g.FullName);
        }
    }

    private long ToLong(object? o) => o is long v ? v : throw Corrupt("non-integer tensor size");
}
