import { HidPosScanner } from '../../../native/barcode/hid-pos-scanner.js';
import { HoneywellProtocol, LineProtocol, NewlandProtocol } from '../../../native/barcode/line-protocols.js';
import type { ScannerProtocol } from '../../../native/barcode/scanner-protocol.js';
import { SerialScanner } from '../../../native/barcode/serial-scanner.js';
import { SsiProtocol } from '../../../native/barcode/ssi-protocol.js';
import type { BackoffOptions } from '../../../native/lifecycle/connection-keeper.js';
import { DCTTECH_PRODUCT_ID, DCTTECH_VENDOR_ID } from '../../../native/relay/dcttech.js';
import { DcttechRelay } from '../../../native/relay/dcttech-relay.js';
import type { DigitalInput } from '../../../native/relay/digital-input.js';
import { LcusRelay } from '../../../native/relay/lcus-relay.js';
import { SimRelay } from '../../../native/relay/sim-relay.js';
import type { SerialTransportFactory } from '../../../native/transport/byte-transport.js';
import { describeHidSelector, type HidTransportFactory } from '../../../native/transport/hid-transport.js';
import { nodeHidTransport } from '../../../native/transport/node-hid-transport.js';
import { nodeSerialTransport } from '../../../native/transport/node-serial-transport.js';
import type { DevicesConfig, GateConfig, SerialScannerConfig } from './device-config.js';
import { GateController } from './gate-controller.js';
import type { GateDriver } from './gate-driver.js';
import { NoGateDriver } from './no-gate-driver.js';
import { ScannerScanSource } from './scanner-scan-source.js';
import type { ScanSource } from './scan-source.js';
import { SimScanSource } from './sim-scan-source.js';
import { NfcScanSource } from './nfc-scan-source.js';
import type { Logger } from '../logger.js';

/** How devices are reached: the one place where real or fake transports are chosen. */
export interface DeviceTransports {
  serial: SerialTransportFactory;
  hid: HidTransportFactory;
}

/** serialport and node-hid: what a kiosk with hardware uses. */
export const systemTransports: DeviceTransports = { serial: nodeSerialTransport, hid: nodeHidTransport };

export interface DeviceFactoryDeps {
  transports: DeviceTransports;
  logger?: Logger;
  /** The kiosk clock (epoch ms) reads are stamped with. */
  now?: () => number;
  /** `gate.kind: "sim"`: the relay to drive (demo mode shows its pulses); a new one if omitted. */
  simRelay?: SimRelay;
  passageInput?: DigitalInput;
  emergencyInput?: DigitalInput;
  backoff?: BackoffOptions;
  /** Passed to the gate controller; tests sharing one process may turn the exit handler off. */
  exitFailSafe?: boolean;
}

export interface Devices {
  /** In config order (the NFC readers last); each is started by the host's DeviceSet. */
  scanners: ScanSource[];
  /** The NFC source when `devices.nfc.enabled` (the host hands it the provider's keys after each sync). */
  nfc?: NfcScanSource;
  /** The `kind: "sim"` scanners by id, for the demo panel to inject reads. */
  simScanners: Map<string, SimScanSource>;
  gate: GateDriver;
  /** The controller when a relay is configured (holdOpen/release/onPassage live there). */
  gateController?: GateController;
  simRelay?: SimRelay;
}

/** Builds every scanner source and the gate from the `devices` config block. Nothing is opened yet. */
export function createDevices(config: DevicesConfig, deps: DeviceFactoryDeps): Devices {
  const now = deps.now ?? Date.now;
  const driverOptions = { now, ...(deps.backoff && { backoff: deps.backoff }) };
  const scanners: ScanSource[] = [];
  const simScanners = new Map<string, SimScanSource>();
  for (const scanner of config.scanners) {
    switch (scanner.kind) {
      case 'serial': {
        const transport = deps.transports.serial({
          path: scanner.path,
          baudRate: scanner.baudRate,
          dataBits: scanner.dataBits,
          stopBits: scanner.stopBits,
          parity: scanner.parity,
        });
        const driver = new SerialScanner(transport, createScannerProtocol(scanner), driverOptions);
        scanners.push(new ScannerScanSource(scanner.id, `serial/${scanner.protocol}`, driver, scanner.path));
        break;
      }
      case 'hid-pos': {
        const selector = {
          ...(scanner.path && { path: scanner.path }),
          ...(scanner.vendorId !== undefined && { vendorId: scanner.vendorId }),
          ...(scanner.productId !== undefined && { productId: scanner.productId }),
        };
        const driver = new HidPosScanner(deps.transports.hid(selector), scanner.layout, driverOptions);
        scanners.push(
          new ScannerScanSource(
            scanner.id,
            `hid-pos/${scanner.layout}`,
            driver,
            describeHidSelector(selector),
          ),
        );
        break;
      }
      case 'sim': {
        const source = new SimScanSource(scanner.id, now);
        simScanners.set(scanner.id, source);
        scanners.push(source);
        break;
      }
    }
  }
  const nfc = config.nfc.enabled
    ? new NfcScanSource({ config: config.nfc, clock: now, ...(deps.logger && { logger: deps.logger }) })
    : undefined;
  if (nfc) scanners.push(nfc);
  return { scanners, simScanners, ...(nfc && { nfc }), ...createGate(config.gate, deps) };
}

/** The protocol handler for one serial scanner's settings. */
export function createScannerProtocol(config: SerialScannerConfig): ScannerProtocol {
  const line = {
    terminator: config.terminator,
    aimIds: config.aimIds,
    idleGapMs: config.idleGapMs,
  };
  switch (config.protocol) {
    case 'line':
      return new LineProtocol(line);
    case 'honeywell':
      return new HoneywellProtocol({
        ...line,
        beepOnResult: config.beepOnResult,
        startupCommands: config.startupCommands,
      });
    case 'newland':
      return new NewlandProtocol({ ...line, startupCommands: config.startupCommands });
    case 'zebra-ssi':
      return new SsiProtocol({
        beepOnResult: config.beepOnResult,
        disableWhileShowing: config.disableWhileShowing,
      });
  }
}

function createGate(
  config: GateConfig,
  deps: DeviceFactoryDeps,
): Pick<Devices, 'gate' | 'gateController' | 'simRelay'> {
  const controllerOptions = {
    kind: config.kind,
    entryChannel: config.entryChannel,
    exitChannel: config.exitChannel,
    pulseMs: config.pulseMs,
    passageTimeoutMs: config.passageTimeoutMs,
    ...(deps.now && { now: deps.now }),
    ...(deps.backoff && { backoff: deps.backoff }),
    ...(deps.passageInput && { passageInput: deps.passageInput }),
    ...(deps.emergencyInput && { emergencyInput: deps.emergencyInput }),
    ...(deps.exitFailSafe !== undefined && { exitFailSafe: deps.exitFailSafe }),
  };
  switch (config.kind) {
    case 'none':
      return { gate: new NoGateDriver() };
    case 'sim': {
      const simRelay = deps.simRelay ?? new SimRelay(config.channels);
      const controller = new GateController(simRelay, controllerOptions);
      return { gate: controller, gateController: controller, simRelay };
    }
    case 'lcus-serial': {
      // The schema requires a path for lcus-serial.
      const transport = deps.transports.serial({ path: config.path ?? '', baudRate: config.baudRate });
      const relay = new LcusRelay(transport, { channels: config.channels, statusQuery: config.statusQuery });
      const controller = new GateController(relay, {
        ...controllerOptions,
        requireConfirmation: config.statusQuery,
      });
      return { gate: controller, gateController: controller };
    }
    case 'dcttech-hid': {
      const selector = config.path
        ? { path: config.path }
        : { vendorId: DCTTECH_VENDOR_ID, productId: DCTTECH_PRODUCT_ID };
      const controller = new GateController(
        new DcttechRelay(deps.transports.hid(selector)),
        controllerOptions,
      );
      return { gate: controller, gateController: controller };
    }
  }
}
