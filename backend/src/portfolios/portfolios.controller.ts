import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { PortfolioImportService } from './portfolio-import.service';
import { AppliedRebalanceDto, ApplyRebalanceDto, RebalancePlanDto, RebalanceQueryDto, SetTargetsDto, TargetsDto } from './portfolio-rebalance.dto';
import { PortfolioRebalanceService } from './portfolio-rebalance.service';
import {
  CreatePortfolioDto,
  CreateTransactionDto,
  ExportQueryDto,
  HoldingsDto,
  ImportDto,
  ImportResultDto,
  PerformanceDto,
  PerformanceQueryDto,
  PortfolioDto,
  TRANSACTION_PAGE_MAX,
  TransactionDto,
  TransactionPageQueryDto,
  UpdatePortfolioDto,
  UpdateTransactionDto,
} from './portfolios.dto';
import { PortfoliosService } from './portfolios.service';

/** A malformed id cannot name one of the caller's resources: answer 404, like any other unknown id. */
const Id = (name: string) => Param(name, new ParseUUIDPipe({ errorHttpStatusCode: 404 }));

@ApiTags('portfolios')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('portfolios')
export class PortfoliosController {
  constructor(
    private readonly portfolios: PortfoliosService,
    private readonly importer: PortfolioImportService,
    private readonly rebalancing: PortfolioRebalanceService,
  ) {}

  @Get()
  @ApiOkResponse({ type: [PortfolioDto] })
  list(@CurrentUser() user: AuthUser): Promise<PortfolioDto[]> {
    return this.portfolios.list(user.id);
  }

  @Post()
  @ApiCreatedResponse({ type: PortfolioDto })
  create(@CurrentUser() user: AuthUser, @Body() body: CreatePortfolioDto): Promise<PortfolioDto> {
    return this.portfolios.create(user.id, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: PortfolioDto })
  get(@CurrentUser() user: AuthUser, @Id('id') id: string): Promise<PortfolioDto> {
    return this.portfolios.get(user.id, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: PortfolioDto })
  update(@CurrentUser() user: AuthUser, @Id('id') id: string, @Body() body: UpdatePortfolioDto): Promise<PortfolioDto> {
    return this.portfolios.update(user.id, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@CurrentUser() user: AuthUser, @Id('id') id: string): Promise<void> {
    await this.portfolios.remove(user.id, id);
  }

  @Get(':id/transactions')
  @ApiOkResponse({ type: [TransactionDto], description: 'Newest first' })
  listTransactions(@CurrentUser() user: AuthUser, @Id('id') id: string, @Query() page: TransactionPageQueryDto): Promise<TransactionDto[]> {
    return this.portfolios.listTransactions(user.id, id, { limit: page.limit ?? TRANSACTION_PAGE_MAX, offset: page.offset ?? 0 });
  }

  @Post(':id/transactions')
  @ApiCreatedResponse({ type: TransactionDto })
  createTransaction(@CurrentUser() user: AuthUser, @Id('id') id: string, @Body() body: CreateTransactionDto): Promise<TransactionDto> {
    return this.portfolios.createTransaction(user.id, id, body);
  }

  @Patch(':id/transactions/:txId')
  @ApiOkResponse({ type: TransactionDto })
  updateTransaction(
    @CurrentUser() user: AuthUser,
    @Id('id') id: string,
    @Id('txId') txId: string,
    @Body() body: UpdateTransactionDto,
  ): Promise<TransactionDto> {
    return this.portfolios.updateTransaction(user.id, id, txId, body);
  }

  @Delete(':id/transactions/:txId')
  @HttpCode(204)
  @ApiNoContentResponse()
  async deleteTransaction(@CurrentUser() user: AuthUser, @Id('id') id: string, @Id('txId') txId: string): Promise<void> {
    await this.portfolios.deleteTransaction(user.id, id, txId);
  }

  @Get(':id/holdings')
  @ApiOkResponse({ type: HoldingsDto })
  holdings(@CurrentUser() user: AuthUser, @Id('id') id: string): Promise<HoldingsDto> {
    return this.portfolios.holdings(user.id, id);
  }

  @Get(':id/performance')
  @ApiOkResponse({ type: PerformanceDto })
  performance(@CurrentUser() user: AuthUser, @Id('id') id: string, @Query() query: PerformanceQueryDto): Promise<PerformanceDto> {
    return this.portfolios.performance(user.id, id, query);
  }

  @Get(':id/targets')
  @ApiOperation({ summary: 'Target weights for rebalancing' })
  @ApiOkResponse({ type: TargetsDto })
  getTargets(@CurrentUser() user: AuthUser, @Id('id') id: string): Promise<TargetsDto> {
    return this.rebalancing.getTargets(user.id, id);
  }

  @Put(':id/targets')
  @ApiOperation({ summary: 'Replace the target weights (they must add up to 100 %; an empty list clears them)' })
  @ApiOkResponse({ type: TargetsDto })
  setTargets(@CurrentUser() user: AuthUser, @Id('id') id: string, @Body() body: SetTargetsDto): Promise<TargetsDto> {
    return this.rebalancing.setTargets(user.id, id, body);
  }

  @Get(':id/rebalance')
  @ApiOperation({ summary: 'Drift from the target weights and the trades (with fees) that restore them' })
  @ApiOkResponse({ type: RebalancePlanDto })
  rebalance(@CurrentUser() user: AuthUser, @Id('id') id: string, @Query() query: RebalanceQueryDto): Promise<RebalancePlanDto> {
    return this.rebalancing.plan(user.id, id, query);
  }

  @Post(':id/rebalance')
  @ApiOperation({ summary: 'Record the suggested trades as transactions at the current time' })
  @ApiCreatedResponse({ type: AppliedRebalanceDto })
  applyRebalance(@CurrentUser() user: AuthUser, @Id('id') id: string, @Body() body: ApplyRebalanceDto): Promise<AppliedRebalanceDto> {
    return this.rebalancing.apply(user.id, id, body);
  }

  @Post(':id/import')
  @HttpCode(200)
  @ApiOkResponse({ type: ImportResultDto })
  import(@CurrentUser() user: AuthUser, @Id('id') id: string, @Body() body: ImportDto): Promise<ImportResultDto> {
    return this.importer.import(user.id, id, body.csv, body.preset ?? 'coincast', body.dryRun ?? false);
  }

  @Get(':id/export')
  @ApiProduces('text/csv', 'application/json')
  async export(@CurrentUser() user: AuthUser, @Id('id') id: string, @Query() query: ExportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.importer.export(user.id, id, query.format ?? 'csv', query.what ?? 'transactions');
    await reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
  }
}
