// Channel value operations that keep Channel's canonical-form invariant.
#include "finwait/model/channel.hpp"

#include <cassert>

namespace finwait::model {

bool push(Channel& ch, Segment s, const ChannelShape& shape) {
  if (ch.size >= shape.capacity) return false;
  if (shape.kind == ChannelKind::Fifo)
    ch.seq[ch.size] = s;
  else
    ++ch.count[static_cast<int>(s)];
  ++ch.size;
  return true;
}

unsigned occurrences(const Channel& ch, Segment s, const ChannelShape& shape) {
  if (shape.kind == ChannelKind::Bag) return ch.count[static_cast<int>(s)];
  unsigned n = 0;
  for (unsigned i = 0; i < ch.size; ++i) n += ch.seq[i] == s ? 1 : 0;
  return n;
}

void remove_at(Channel& ch, unsigned pos, const ChannelShape& shape) {
  assert(shape.kind == ChannelKind::Fifo && pos < ch.size);
  (void)shape;
  for (unsigned i = pos; i + 1 < ch.size; ++i) ch.seq[i] = ch.seq[i + 1];
  --ch.size;
  ch.seq[ch.size] = Segment{};
}

void remove_letter(Channel& ch, Segment s, const ChannelShape& shape) {
  assert(shape.kind == ChannelKind::Bag && ch.count[static_cast<int>(s)] > 0);
  (void)shape;
  --ch.count[static_cast<int>(s)];
  --ch.size;
}

void take(Channel& ch, Segment s, unsigned pos, const ChannelShape& shape) {
  if (shape.kind == ChannelKind::Fifo)
    remove_at(ch, pos, shape);
  else
    remove_letter(ch, s, shape);
}

}  // namespace finwait::model
