import { ApiProperty } from '@nestjs/swagger';
import type { Charge } from '@lib/providers';
import type { Same } from '../../common/same-type';
import type { ChargeListResponse } from '../listing/charge-listing.service';
import { ChargeView } from './charge.view';

/** OpenAPI shape of one page of GET /v1/charges. */
export class ChargeListView {
  @ApiProperty({ type: () => ChargeView, isArray: true, description: 'The page, newest first.' })
  data!: Charge[]; // documented as ChargeView (checked against Charge in charge.view.ts)
  @ApiProperty({ example: true, description: 'True when another page may follow (pass nextCursor).' })
  hasMore!: boolean;
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'v1.3f9a1c2e.…',
    description: 'Sealed and bound to your token and filters; null on the last page.',
  })
  nextCursor!: string | null;
}

export const LIST_VIEW_MATCHES: Same<ChargeListView, ChargeListResponse> = true;
