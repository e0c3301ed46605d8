// Interrupts a Z3 context's solver call when a wall-clock budget runs out, so every engine
// honours its time limit.
#pragma once
#include <z3++.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace finwait::checker::symbolic {

class Deadline {
 public:
  Deadline(z3::context& ctx, double seconds)
      : m_ctx(ctx), m_start(std::chrono::steady_clock::now()),
        m_thread([this, &ctx, seconds] {
          std::unique_lock lock(m_mutex);
          const auto until = m_start + std::chrono::duration<double>(seconds);
          if (!m_done.wait_until(lock, until, [this] { return m_finished; })) {
            m_expired = true;
            if (m_in_check) ctx.interrupt();
          }
        }) {}
  ~Deadline() {
    {
      std::lock_guard lock(m_mutex);
      m_finished = true;
    }
    m_done.notify_all();
    m_thread.join();
  }
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  // Runs one solver call (check, query) under the budget. Z3 is interrupted only inside such
  // calls: an interrupt landing in push, pop or assert can leave a solver inconsistent (we
  // saw one crash that way). Once the time is up, calls are not made and give unknown.
  template <class Call>
  z3::check_result check(Call&& call) const {
    {
      std::lock_guard lock(m_mutex);
      if (m_expired) return z3::unknown;
      m_in_check = true;
    }
    struct Leave {
      const Deadline& d;
      ~Leave() {
        std::lock_guard lock(d.m_mutex);
        d.m_in_check = false;
      }
    } leave{*this};
    return call();
  }

  // Stops the engine early, as if its time were up (another engine of a race decided).
  void cancel() {
    std::lock_guard lock(m_mutex);
    m_expired = true;
    if (m_in_check) m_ctx.interrupt();
  }

  bool expired() const {
    std::lock_guard lock(m_mutex);
    return m_expired;
  }
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  }

 private:
  z3::context& m_ctx;
  std::chrono::steady_clock::time_point m_start;
  mutable std::mutex m_mutex;
  std::condition_variable m_done;
  bool m_finished = false;
  bool m_expired = false;
  mutable bool m_in_check = false;
  std::thread m_thread;  // last: started after the other members exist
};

}  // namespace finwait::checker::symbolic
