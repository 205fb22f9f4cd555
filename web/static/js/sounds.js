/*
 * Match sound cues synthesised with WebAudio (no audio files: events run offline and the
 * cues must not depend on a download). Browsers block audio until a user gesture, so
 * Zharys.sound.gate() shows a "click to enable sound" overlay once.
 * Cues: start (charge), autoEnd, teleopStart, endgame, end, abort.
 */
(function (global) {
  'use strict';

  const Z = global.Zharys;
  const AudioCtx = global.AudioContext || global.webkitAudioContext;

  const sound = {
    ctx: null,
    master: null,
    voices: new Set(),
    muted: false,

    get enabled() {
      return !!this.ctx && this.ctx.state === 'running';
    },

    /** Must run inside a user gesture (click/key). */
    enable() {
      if (!AudioCtx) return false;
      if (!this.ctx) {
        this.ctx = new AudioCtx();
        this.master = this.ctx.createGain();
        this.master.gain.value = 0.6;
        this.master.connect(this.ctx.destination);
      }
      if (this.ctx.state !== 'running') this.ctx.resume();
      return true;
    },

    /** Show the overlay that enables audio on the first click or key press. */
    gate() {
      if (!AudioCtx) return;
      const overlay = Z.el(
        'button.sound-gate',
        { type: 'button' },
        speakerIcon(),
        Z.el('span', null, Z.t('sound.enable')),
        Z.el('small', null, Z.t('sound.enable_hint')),
      );
      const unlock = () => {
        this.enable();
        overlay.remove();
        document.removeEventListener('keydown', unlock);
        this.play('ready');
      };
      overlay.addEventListener('click', unlock);
      document.addEventListener('keydown', unlock);
      document.body.appendChild(overlay);
    },

    play(cue) {
      if (!this.enabled || this.muted) return;
      const fn = CUES[cue];
      if (fn) fn(this.ctx, this.ctx.currentTime + 0.02, (node) => this.track(node));
    },

    /** Silence everything still sounding (an abort cuts the other cues off). */
    stopAll() {
      for (const node of this.voices) {
        try {
          node.stop();
        } catch (err) {
          /* already stopped */
        }
      }
      this.voices.clear();
    },

    track(node) {
      this.voices.add(node);
      node.onended = () => this.voices.delete(node);
      return node;
    },
  };

  /** A speaker drawn in SVG: no emoji font is guaranteed on an offline display PC. */
  function speakerIcon() {
    const wrap = Z.el('span.sound-gate-icon', { 'aria-hidden': 'true' });
    wrap.innerHTML =
      '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">' +
      '<path d="M11 5 6 9H2v6h4l5 4V5z" fill="currentColor"/><path d="M15.5 8.5a5 5 0 0 1 0 7"/><path d="M19 5a10 10 0 0 1 0 14"/></svg>';
    return wrap;
  }

  /** One enveloped oscillator note into the master gain. */
  function note(ctx, track, opts) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = opts.type || 'sine';
    osc.frequency.setValueAtTime(opts.freq, opts.at);
    if (opts.slideTo) osc.frequency.exponentialRampToValueAtTime(opts.slideTo, opts.at + opts.dur);
    if (opts.detune) osc.detune.value = opts.detune;
    const peak = opts.gain || 0.3;
    const attack = opts.attack || 0.01;
    const release = Math.min(opts.release || 0.08, opts.dur / 2);
    gain.gain.setValueAtTime(0.0001, opts.at);
    gain.gain.exponentialRampToValueAtTime(peak, opts.at + attack);
    if (opts.decay) {
      gain.gain.exponentialRampToValueAtTime(0.0001, opts.at + opts.dur);
    } else {
      gain.gain.setValueAtTime(peak, opts.at + opts.dur - release);
      gain.gain.exponentialRampToValueAtTime(0.0001, opts.at + opts.dur);
    }
    let out = gain;
    if (opts.lowpass) {
      const filter = ctx.createBiquadFilter();
      filter.type = 'lowpass';
      filter.frequency.value = opts.lowpass;
      gain.connect(filter);
      out = filter;
    }
    osc.connect(gain);
    out.connect(sound.master);
    osc.start(opts.at);
    osc.stop(opts.at + opts.dur + 0.05);
    track(osc);
  }

  const N = { G4: 392, C5: 523.25, E5: 659.25, G5: 783.99, A5: 880, C6: 1046.5 };

  const CUES = {
    // A soft two-note chime confirming sound works.
    ready(ctx, at, track) {
      note(ctx, track, { freq: N.E5, at, dur: 0.25, decay: true, gain: 0.2 });
      note(ctx, track, { freq: N.A5, at: at + 0.18, dur: 0.4, decay: true, gain: 0.2 });
    },
    // Bugle "charge": G C E G — E G.
    start(ctx, at, track) {
      const brass = { type: 'sawtooth', lowpass: 2200, gain: 0.22, attack: 0.02 };
      const seq = [[N.G4, 0, 0.14], [N.C5, 0.16, 0.14], [N.E5, 0.32, 0.14], [N.G5, 0.48, 0.3],
        [N.E5, 0.84, 0.14], [N.G5, 1.0, 0.7]];
      for (const [freq, t, dur] of seq) note(ctx, track, Object.assign({ freq, at: at + t, dur }, brass));
    },
    // A short buzzer: autonomous is over.
    autoEnd(ctx, at, track) {
      buzzer(ctx, track, at, 1.0);
    },
    // Three bright bells: drivers, go.
    teleopStart(ctx, at, track) {
      for (let i = 0; i < 3; i++) {
        note(ctx, track, { freq: N.C6, at: at + i * 0.3, dur: 0.6, decay: true, gain: 0.3 });
        note(ctx, track, { freq: N.C6 * 2.01, at: at + i * 0.3, dur: 0.3, decay: true, gain: 0.08 });
      }
    },
    // A train-whistle chord with a little vibrato: the endgame has begun.
    endgame(ctx, at, track) {
      for (const freq of [740, 880, 1110]) {
        note(ctx, track, { freq, at, dur: 1.3, gain: 0.12, attack: 0.08, release: 0.2, slideTo: freq * 0.97 });
      }
    },
    // The long end-of-match buzzer.
    end(ctx, at, track) {
      buzzer(ctx, track, at, 2.0);
    },
    // A low falling foghorn: the match was stopped.
    abort(ctx, at, track) {
      note(ctx, track, { type: 'sawtooth', freq: 150, slideTo: 90, at, dur: 1.6, gain: 0.35, lowpass: 700, attack: 0.05, release: 0.3 });
      note(ctx, track, { type: 'sawtooth', freq: 151.5, slideTo: 91, at, dur: 1.6, gain: 0.2, lowpass: 700, attack: 0.05, release: 0.3 });
    },
  };

  function buzzer(ctx, track, at, dur) {
    note(ctx, track, { type: 'square', freq: 196, at, dur, gain: 0.2, lowpass: 1400 });
    note(ctx, track, { type: 'square', freq: 207.65, at, dur, gain: 0.15, lowpass: 1400 });
  }

  /**
   * Plays the cues of one field's match as its clock passes each boundary. Fed the clock
   * reading every frame; a boundary more than 2 s old is not sounded (a page opened mid-match
   * or a tab that was asleep must not blast stale cues).
   */
  class CuePlayer {
    constructor() {
      this.phase = null;
      this.matchId = null;
    }

    update(reading, matchId, now) {
      const previous = this.phase;
      const sameMatch = matchId === this.matchId;
      this.phase = reading.phase;
      this.matchId = matchId;
      if (!sameMatch || previous === reading.phase || previous == null) return;
      const fresh = reading.phaseStart == null || now - reading.phaseStart < 2000;
      if (reading.phase === 'aborted') {
        sound.stopAll();
        if (fresh) sound.play('abort');
        return;
      }
      if (!fresh) return;
      const cue = {
        auto: 'start',
        match: 'start',
        transition: 'autoEnd',
        teleop: previous === 'transition' || previous === 'auto' ? 'teleopStart' : null,
        endgame: 'endgame',
        ended: previous === 'pre' ? null : 'end',
      }[reading.phase];
      if (reading.phase === 'teleop' && previous === 'auto') sound.play('autoEnd');
      if (cue) sound.play(cue);
    }
  }

  Z.sound = sound;
  Z.CuePlayer = CuePlayer;
})(window);
