/* finwait.pml: an independent Promela re-implementation of shared/MODEL.md (TCP close core) for SPIN.
 *
 * Written from MODEL.md alone (not from the finwait C++ sources), so that the
 * reachable-state counts of the two tools can be compared as a cross-check.
 *
 * Build:  spin -DNAME=VALUE ... -a finwait.pml
 *         gcc -O2 -DNOREDUCE -DSAFETY -DBFS -o pan pan.c && ./pan
 *
 * Parameters (C preprocessor macros; defaults are MODEL.md's defaults):
 *   CLOSERS_BOTH 0|1      closers = A | both                  (default 1)
 *   ABORT        0|1      abort = off | on                    (default 0)
 *   BAG          0|1      channel = fifo | bag                (default 0)
 *   CAP          >=1      capacity                            (default 2; fifo at most MAXCAP)
 *   LOSS         0|1      loss                                (default 1)
 *   DUP          0|1      dup                                 (default 0)
 *   RETRIES      n | -1   retries R, -1 = inf                 (default 2)
 *   TW           0|1|2    time_wait = drain | any | none      (default 0)
 *   RFC1337      0|1      variant = rfc793 | rfc1337          (default 0)
 *   FW2TO        0|1      fin_wait_2_timeout                  (default 0)
 *   DELAYACK     0|1      delayed_ack (TRACES.md's extension) (default 0)
 *   CHECK_UNEXPECTED 0|1  1: an unexpected reception is assert(false), so
 *                         pan (-DBFS) finds a shortest trace to it; 0 (default):
 *                         it is counted like any step and exploration goes on.
 *   PROBE        0..n     reachability probe: assert(!probe) after every step,
 *                         so pan -DBFS reports a shortest witness (see probe()).
 *
 * Exactness of the state count.  SPIN's "states, stored" (with -DNOREDUCE
 * -DSAFETY, full state storage) must equal the number of distinct MODEL.md
 * tuples (A.st, A.retx, A.why, B.st, B.retx, B.why, A->B, B->A).  Hence:
 *   - one process whose only control point is the loop head; every MODEL.md
 *     step is one d_step (no intermediate state is ever stored);
 *   - each abstract state has exactly one encoding: a fifo is q[0..n-1] with
 *     the head at q[0] and every unused slot 0; a bag is one count per letter;
 *     retx is 0 whenever MODEL.md does not track it; why is NONE outside CLOSED;
 *   - no variable is write-only (spin would hide it from the state vector);
 *   - the temporaries t and i are 0 at the end of every d_step (they cannot be
 *     `hidden`: pan's BFS refuses hidden variables).
 */

/* ---- parameters ------------------------------------------------------- */
#ifndef CLOSERS_BOTH
#define CLOSERS_BOTH 1
#endif
#ifndef ABORT
#define ABORT 0
#endif
#ifndef BAG
#define BAG 0
#endif
#ifndef CAP
#define CAP 2
#endif
#ifndef LOSS
#define LOSS 1
#endif
#ifndef DUP
#define DUP 0
#endif
#ifndef RETRIES
#define RETRIES 2
#endif
#ifndef TW
#define TW 0
#endif
#ifndef RFC1337
#define RFC1337 0
#endif
#ifndef FW2TO
#define FW2TO 0
#endif
#ifndef DELAYACK
#define DELAYACK 0
#endif
#ifndef CHECK_UNEXPECTED
#define CHECK_UNEXPECTED 0
#endif
#ifndef PROBE
#define PROBE 0
#endif

/* per-position fifo branches (drop, dup) are spelled out for positions 0..MAXCAP-1 */
#define MAXCAP 12
#if CAP < 1
#error CAP must be at least 1
#endif
#if !BAG && CAP > MAXCAP
#error fifo CAP larger than MAXCAP: add positions to FOR_POS
#endif

/* ---- the alphabet ----------------------------------------------------- */
/* endpoint states */
#define CLOSED       0
#define ESTABLISHED  1
#define FIN_WAIT_1   2
#define FIN_WAIT_2   3
#define CLOSING      4
#define TIME_WAIT    5
#define CLOSE_WAIT   6
#define LAST_ACK     7
/* why CLOSED was entered */
#define W_NONE       0
#define W_GRACEFUL   1
#define W_RESET      2
#define W_ABORT      3
#define W_GIVEUP     4
/* segments; 0 marks an unused fifo slot */
#define FIN          1
#define FINACK       2
#define ACK          3
#define RST          4
/* endpoints; ch[X] is the channel X -> peer, ch[1-X] the channel peer -> X */
#define A 0
#define B 1

/* ---- the state -------------------------------------------------------- */
byte st[2] = ESTABLISHED;
byte retx[2];            /* 0..R; always 0 when RETRIES == -1 (inf)        */
byte why[2];             /* W_NONE outside CLOSED                          */

#if BAG
typedef Chan { byte cnt[5]; byte n };   /* cnt[letter]; cnt[0] unused, n = sum */
#else
typedef Chan { byte q[CAP]; byte n };   /* q[0] is the head; q[n..CAP-1] == 0 */
#endif
Chan ch[2];

byte t;                  /* temporaries: 0 between steps */
byte i;

/* ---- helpers (all used inside d_step) --------------------------------- */

/* send letter L from endpoint X: into a full channel the segment is lost */
inline send(X, L) {
#if BAG
  if
  :: ch[X].n < CAP -> ch[X].cnt[L]++; ch[X].n++
  :: else -> skip
  fi
#else
  if
  :: ch[X].n < CAP -> ch[X].q[ch[X].n] = L; ch[X].n++
  :: else -> skip
  fi
#endif
}

/* enter a state other than CLOSED; retx survives only FIN_WAIT_1 -> CLOSING
 * (the only transitions into FIN_WAIT_1 / LAST_ACK come with retx already 0) */
inline enter(X, S) {
  st[X] = S;
  if
  :: (S != FIN_WAIT_1 && S != CLOSING && S != LAST_ACK) -> retx[X] = 0
  :: else -> skip
  fi
}

inline close_as(X, W) {
  st[X] = CLOSED; retx[X] = 0; why[X] = W
}

/* every rule that would enter TIME_WAIT; time_wait = none enters CLOSED instead */
inline enter_time_wait(X) {
#if TW == 2
  close_as(X, W_GRACEFUL)
#else
  enter(X, TIME_WAIT)
#endif
}

inline unexpected() {
  printf("UNEXPECTED reception\n");
#if CHECK_UNEXPECTED
  assert(false)
#else
  skip
#endif
}

/* reception table: endpoint Y receives letter L; replies go into ch[Y] */
inline receive(Y, L) {
  if
  :: st[Y] == ESTABLISHED ->
     if
     :: L == FIN    -> send(Y, ACK); enter(Y, CLOSE_WAIT)
     :: L == RST    -> close_as(Y, W_RESET)
     :: else        -> unexpected()          /* FINACK, ACK */
     fi
  :: st[Y] == FIN_WAIT_1 ->
     if
     :: L == FIN    -> send(Y, ACK); enter(Y, CLOSING)
     :: L == FINACK -> send(Y, ACK); enter_time_wait(Y)
     :: L == ACK    -> enter(Y, FIN_WAIT_2)
     :: L == RST    -> close_as(Y, W_RESET)
     fi
  :: st[Y] == FIN_WAIT_2 ->
     if
     :: L == FIN || L == FINACK -> send(Y, ACK); enter_time_wait(Y)
     :: L == ACK    -> skip                  /* ignore */
     :: L == RST    -> close_as(Y, W_RESET)
     fi
  :: st[Y] == CLOSING ->
     if
     :: L == FIN    -> send(Y, ACK)          /* stay, retx kept */
     :: L == FINACK -> send(Y, ACK); enter_time_wait(Y)
     :: L == ACK    -> enter_time_wait(Y)
     :: L == RST    -> close_as(Y, W_RESET)
     fi
  :: st[Y] == TIME_WAIT ->
     if
     :: L == FIN || L == FINACK -> send(Y, ACK)   /* stay */
     :: L == ACK    -> skip                  /* ignore */
     :: L == RST    ->
#if RFC1337
        skip                                 /* RFC 1337: ignore RST in TIME_WAIT */
#else
        close_as(Y, W_RESET)
#endif
     fi
  :: st[Y] == CLOSE_WAIT ->
     if
     :: L == FIN    -> send(Y, ACK)          /* stay */
     :: L == RST    -> close_as(Y, W_RESET)
     :: else        -> unexpected()          /* FINACK, ACK */
     fi
  :: st[Y] == LAST_ACK ->
     if
     :: L == FIN    -> send(Y, ACK)          /* stay, retx kept */
     :: L == FINACK -> unexpected()
     :: L == ACK    -> close_as(Y, W_GRACEFUL)
     :: L == RST    -> close_as(Y, W_RESET)
     fi
  :: st[Y] == CLOSED ->
     if
     :: L == RST    -> skip                  /* ignore */
     :: else        -> send(Y, RST)
     fi
  fi
}

#define RETX_STATE(X) (st[X] == FIN_WAIT_1 || st[X] == CLOSING || st[X] == LAST_ACK)

/* reachability probes, checked after every step (PROBE != 0) */
#if PROBE == 1
#define PROBE_EXPR (st[A] == TIME_WAIT && st[B] == TIME_WAIT)
#elif PROBE == 2
#define PROBE_EXPR (st[A] == CLOSED && st[B] == CLOSED && why[A] == W_GRACEFUL && why[B] == W_GRACEFUL && ch[0].n == 0 && ch[1].n == 0)
#elif PROBE == 3
#define PROBE_EXPR (st[A] == CLOSING)
#elif PROBE == 4
#define PROBE_EXPR (st[A] == CLOSED && why[A] == W_RESET)
#elif PROBE == 5
#define PROBE_EXPR (st[B] == CLOSED && why[B] == W_GIVEUP)
#elif PROBE == 6
#define PROBE_EXPR (st[A] == CLOSED && why[A] == W_GRACEFUL && st[B] == CLOSED && why[B] == W_GRACEFUL)
#else
#define PROBE_EXPR false
#endif

/* end of every step: temporaries back to 0, the encoding invariants, then the probe.
 * The invariants also read why[] and retx[]: spin hides variables that are only
 * written (unless run with -o2), which would merge states that differ in why. */
inline post() {
  t = 0; i = 0;
  assert((st[A] == CLOSED) == (why[A] != W_NONE) && (st[B] == CLOSED) == (why[B] != W_NONE));
  assert((retx[A] == 0 || RETX_STATE(A)) && (retx[B] == 0 || RETX_STATE(B)));
  assert(!PROBE_EXPR)
}

/* step labels, printed in simulation and trail replay (spin -t): pan prints nothing */
inline say_letter(L) {
  if
  :: L == FIN    -> printf(" FIN")
  :: L == FINACK -> printf(" FINACK")
  :: L == ACK    -> printf(" ACK")
  :: L == RST    -> printf(" RST")
  fi
}
#define SAY(X, what)  printf("STEP %c ", 65 + X); printf(what); printf("\n")
#define SAY_CH(C, what) printf("STEP %c->%c ", 65 + C, 66 - C); printf(what)

/* ---- channel operations ------------------------------------------------ */
#if BAG
inline deliver_letter(C, L) {
  SAY_CH(C, "deliver"); say_letter(L); printf("\n");
  ch[C].cnt[L]--; ch[C].n--;
  receive(1 - C, L)
}
#else
/* remove the segment at position K, shifting the tail towards the head */
inline remove_at(C, K) {
  i = K;
  do
  :: i < CAP - 1 -> ch[C].q[i] = ch[C].q[i + 1]; i++
  :: else -> break
  od;
  ch[C].q[CAP - 1] = 0;
  ch[C].n--
}
inline deliver_head(C) {
  t = ch[C].q[0];
  SAY_CH(C, "deliver"); say_letter(t); printf("\n");
  remove_at(C, 0);
  receive(1 - C, t)
}
#endif

/* ---- the steps, as branches of the main loop --------------------------- */

#define CLOSE_STEPS(X) \
  :: d_step { st[X] == ESTABLISHED && (X == A || CLOSERS_BOTH) -> SAY(X, "close"); send(X, FIN); enter(X, FIN_WAIT_1); post() } \
  :: d_step { st[X] == CLOSE_WAIT -> SAY(X, "close"); send(X, FINACK); enter(X, LAST_ACK); post() }

#if ABORT
#define ABORT_STEP(X) \
  :: d_step { st[X] != CLOSED -> SAY(X, "abort"); \
       if \
       :: (st[X] == ESTABLISHED || st[X] == FIN_WAIT_1 || st[X] == FIN_WAIT_2 || st[X] == CLOSE_WAIT) -> send(X, RST) \
       :: else -> skip \
       fi; \
       close_as(X, W_ABORT); post() }
#else
#define ABORT_STEP(X)
#endif

#if RETRIES < 0
#define RETX_STEPS(X) \
  :: d_step { RETX_STATE(X) -> SAY(X, "retransmit"); \
       if :: st[X] == FIN_WAIT_1 -> send(X, FIN) :: else -> send(X, FINACK) fi; post() }
#else
#define RETX_STEPS(X) \
  :: d_step { RETX_STATE(X) && retx[X] < RETRIES -> SAY(X, "retransmit"); \
       if :: st[X] == FIN_WAIT_1 -> send(X, FIN) :: else -> send(X, FINACK) fi; \
       retx[X]++; post() } \
  :: d_step { RETX_STATE(X) && retx[X] == RETRIES -> SAY(X, "giveup"); close_as(X, W_GIVEUP); post() }
#endif

#if TW == 0
#define MSL_STEP(X) \
  :: d_step { st[X] == TIME_WAIT && ch[0].n == 0 && ch[1].n == 0 -> SAY(X, "2msl"); close_as(X, W_GRACEFUL); post() }
#elif TW == 1
#define MSL_STEP(X) \
  :: d_step { st[X] == TIME_WAIT -> SAY(X, "2msl"); close_as(X, W_GRACEFUL); post() }
#else
#define MSL_STEP(X)
#endif

#if FW2TO
#define FW2_STEP(X) \
  :: d_step { st[X] == FIN_WAIT_2 -> SAY(X, "fw2-timeout"); close_as(X, W_GIVEUP); post() }
#else
#define FW2_STEP(X)
#endif

#define ENDPOINT_STEPS(X) CLOSE_STEPS(X) ABORT_STEP(X) RETX_STEPS(X) MSL_STEP(X) FW2_STEP(X)

#if BAG
#define DELIVER_L(C, L) :: d_step { ch[C].cnt[L] > 0 -> deliver_letter(C, L); post() }
#if LOSS
#define DROP_L(C, L) :: d_step { ch[C].cnt[L] > 0 -> SAY_CH(C, "drop"); say_letter(L); printf("\n"); ch[C].cnt[L]--; ch[C].n--; post() }
#else
#define DROP_L(C, L)
#endif
#if DUP
#define DUP_L(C, L) :: d_step { ch[C].cnt[L] > 0 && ch[C].n < CAP -> SAY_CH(C, "dup"); say_letter(L); printf("\n"); ch[C].cnt[L]++; ch[C].n++; post() }
#else
#define DUP_L(C, L)
#endif
#define LETTER_STEPS(C, L) DELIVER_L(C, L) DROP_L(C, L) DUP_L(C, L)
#define CHANNEL_STEPS(C) LETTER_STEPS(C, FIN) LETTER_STEPS(C, FINACK) LETTER_STEPS(C, ACK) LETTER_STEPS(C, RST)
#else
#if LOSS
#define DROP_K(C, K) :: d_step { ch[C].n > K -> SAY_CH(C, "drop"); say_letter(ch[C].q[K]); printf(" at %d\n", K); remove_at(C, K); post() }
#else
#define DROP_K(C, K)
#endif
#if DUP
/* a copy of the segment at position K goes to the tail */
#define DUP_K(C, K) :: d_step { ch[C].n > K && ch[C].n < CAP -> t = ch[C].q[K]; SAY_CH(C, "dup"); say_letter(t); printf(" at %d\n", K); send(C, t); post() }
#else
#define DUP_K(C, K)
#endif
#define POS_STEPS(C, K) DROP_K(C, K) DUP_K(C, K)
#define FOR_POS(C) POS_STEPS(C, 0) POS_STEPS(C, 1) POS_STEPS(C, 2) POS_STEPS(C, 3) \
  POS_STEPS(C, 4) POS_STEPS(C, 5) POS_STEPS(C, 6) POS_STEPS(C, 7) \
  POS_STEPS(C, 8) POS_STEPS(C, 9) POS_STEPS(C, 10) POS_STEPS(C, 11)
#define CHANNEL_STEPS(C) \
  :: d_step { ch[C].n > 0 -> deliver_head(C); post() } \
  FOR_POS(C)
#endif

/* TRACES.md's delayed ACK: a FIN delivered to ESTABLISHED may be taken without the ACK
 * (it rides on the receiver's own FIN later). A branch of its own: inside a d_step SPIN
 * resolves a choice deterministically, so it cannot live in receive(). */
#if DELAYACK && BAG
#define DELAYED_ACK_STEP(C) \
  :: d_step { ch[C].cnt[FIN] > 0 && st[1 - C] == ESTABLISHED -> \
       SAY_CH(C, "deliver FIN, ACK delayed\n"); ch[C].cnt[FIN]--; ch[C].n--; \
       enter(1 - C, CLOSE_WAIT); post() }
#elif DELAYACK
#define DELAYED_ACK_STEP(C) \
  :: d_step { ch[C].n > 0 && ch[C].q[0] == FIN && st[1 - C] == ESTABLISHED -> \
       SAY_CH(C, "deliver FIN, ACK delayed\n"); remove_at(C, 0); \
       enter(1 - C, CLOSE_WAIT); post() }
#else
#define DELAYED_ACK_STEP(C)
#endif

active proctype system() {
end:
  do
  ENDPOINT_STEPS(A)
  ENDPOINT_STEPS(B)
  CHANNEL_STEPS(0)
  CHANNEL_STEPS(1)
  DELAYED_ACK_STEP(0)
  DELAYED_ACK_STEP(1)
  od
}
