import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { SimulatorError } from '../../shared/errors/simulator.error';
import { ZodValidationPipe } from '../../shared/validation/zod-validation.pipe';
import { SimRegister } from '../network/sim-register';

const iccid = z.string().regex(/^\d{19,20}$/, 'must be 19 or 20 digits');
const imsi = z.string().regex(/^\d{14,15}$/, 'must be 14 or 15 digits');
const simBatch = z
  .object({ sims: z.array(z.object({ iccid, imsi }).strict()).min(1).max(100_000) })
  .strict();
const reportedImsi = z.object({ imsi }).strict();

/**
 * The SIMs' batch data the MNO holds (`PUT /admin/sims`, the same ICCIDs and IMSIs the fulfilment
 * partner delivers to Handoff), and the fault that makes the network report another IMSI for one.
 */
@ApiTags('admin')
@Controller('admin/sims')
export class SimAdminController {
  constructor(@Inject(SimRegister) private readonly sims: SimRegister) {}

  @Put()
  @ApiOperation({ summary: "Load SIMs' ICCID and IMSI (added to those already held)" })
  load(@Body(new ZodValidationPipe(simBatch)) body: z.infer<typeof simBatch>) {
    return { registered: this.sims.load(body.sims) };
  }

  @Get(':iccid')
  read(@Param('iccid') simIccid: string) {
    const sim = this.sims.get(simIccid);
    if (!sim) throw new SimulatorError(404, 'NOT_FOUND', 'Not Found', 'no SIM with this ICCID');
    return sim;
  }

  @Put(':iccid/reported-imsi')
  @ApiOperation({ summary: 'Fault: provision the SIM under this IMSI instead of its own' })
  misreport(
    @Param('iccid') simIccid: string,
    @Body(new ZodValidationPipe(reportedImsi)) body: z.infer<typeof reportedImsi>,
  ) {
    if (!iccid.safeParse(simIccid).success) {
      throw new SimulatorError(400, 'BAD_REQUEST', 'Bad Request', 'iccid: must be 19 or 20 digits');
    }
    this.sims.misreport(simIccid, body.imsi);
    return { iccid: simIccid, reportedImsi: body.imsi };
  }

  @Delete('faults')
  @HttpCode(204)
  @ApiOperation({ summary: 'Report every SIM under its own IMSI again' })
  clearFaults(): void {
    this.sims.clearFaults();
  }
}
