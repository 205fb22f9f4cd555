// Zharys stack light: the tower light on a field (docs/hardware-protocol.md).
//
// A timer console without buttons or display: LAMP,<colour>,<mode> -> the red / amber /
// green / blue / white lamps (off, on, blink); BUZ,<ms> -> the buzzer (tower lights often
// have one). Nothing to report, so no events: the board only answers. HELLO on boot and on
// WHO, HB every 500 ms, PONG to PING, ACK and de-duplication of the commands: the
// ZharysProtocol library does those. Nothing here blocks: timing is done with millis().
// Wiring: firmware/README.md.
#include <Arduino.h>
#include <ZharysProtocol.h>
#include <ZharysOutputs.h>

// ---- configuration: give every stack light at the venue its own id ----
#define DEVICE_ID "SL-01"
#define FIRMWARE_VERSION "1.0.0"

// ---- pins (Arduino Uno / Nano); red / amber / green as on the timer console ----
const uint8_t PIN_BUZZER = 6;                  // active buzzer (HIGH = sound), see README
const uint8_t PIN_LINK_LED = LED_BUILTIN;      // on while the server talks to us

ZpLamp lamps[] = {{"red", 7, ZP_LAMP_OFF},   {"amber", 8, ZP_LAMP_OFF}, {"green", 9, ZP_LAMP_OFF},
                  {"blue", 10, ZP_LAMP_OFF}, {"white", 11, ZP_LAMP_OFF}};
const uint32_t LINK_TIMEOUT_MS = 1500;

ZharysProtocol proto(Serial, "light", DEVICE_ID, FIRMWARE_VERSION);

ZpOutputs outputs(lamps, sizeof(lamps) / sizeof(lamps[0]), PIN_BUZZER);

// ---------------------------------------------------------------- outputs

void updateLink(uint32_t now) {
    // Link LED: has the server said anything lately? (The lamps keep their last command.)
    bool link = proto.heardFrom() && now - proto.lastHeard() < LINK_TIMEOUT_MS;
    digitalWrite(PIN_LINK_LED, link ? HIGH : LOW);
}

// ---------------------------------------------------------------- server commands

const char* onCommand(const ZpFrame& f) {
    // LAMP and BUZ; DISP and CLK are "unknown" too: a stack light has no display
    return outputs.command(f);
}

// ---------------------------------------------------------------- main

void setup() {
    Serial.begin(115200);
    outputs.begin();
    pinMode(PIN_LINK_LED, OUTPUT);
    proto.onCommand(onCommand);
    proto.begin();   // HELLO,light,SL-01,1.0.0,<t>
}

void loop() {
    proto.poll();
    uint32_t now = millis();
    outputs.update(now);
    updateLink(now);
}
